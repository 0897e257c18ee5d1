package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Firefox ESR (Debian's {@code firefox-esr}) driven over WebDriver BiDi by puppeteer-core, through the Node script
 * {@code src/test/firefox/console-smoke.mjs}: Playwright cannot drive a stock Firefox (it needs its own patched
 * build), Puppeteer speaks the standard protocol Firefox ships. The script's dependencies are installed with
 * {@code npm ci} (the pinned lock, npm's cache reused) into {@code target/console-firefox}, never into the sources.
 */
final class ConsoleFirefox {
    /** Set to {@code off} (or {@code -Dtest.firefox=off}) to leave the Firefox run out on a machine without one. */
    static final String OPT_OUT = "TEST_FIREFOX";

    private static final Path SOURCES = Path.of("src", "test", "firefox");
    private static final Path INSTALL = Path.of("target", "console-firefox");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "console-smoke.mjs");

    private final Path firefox;
    private final Path node;
    private final Path npm;

    private ConsoleFirefox(Path firefox, Path node, Path npm) {
        this.firefox = firefox;
        this.node = node;
        this.npm = npm;
    }

    /** Whether this run was told to leave Firefox out. */
    static boolean optedOut() {
        String value = System.getProperty("test.firefox", System.getenv(OPT_OUT));
        return "off".equalsIgnoreCase(value);
    }

    /** Firefox, Node.js and npm as this machine has them: a missing one fails the test, saying what to install. */
    static ConsoleFirefox locate() {
        Path firefox = Path.of(System.getenv().getOrDefault("FIREFOX_PATH", "/usr/bin/firefox-esr"));
        assertTrue(Files.isExecutable(firefox), missing("Firefox at " + firefox, "firefox-esr"));
        Path node = Path.of(System.getenv().getOrDefault("PLAYWRIGHT_NODEJS_PATH", "/usr/bin/node"));
        assertTrue(Files.isExecutable(node), missing("Node.js at " + node, "nodejs"));
        Path npm = onPath("npm").orElseGet(() -> fail(missing("npm on the PATH", "npm")));
        return new ConsoleFirefox(firefox, node, npm);
    }

    /**
     * Runs the smoke script on the console at {@code consoleUrl}, submitting {@code workflowId} with
     * {@code products} in the form's products field; answers its report.
     */
    JsonNode run(String consoleUrl, String workflowId, String products) throws Exception {
        install();
        Path stdout = INSTALL.resolve("console-smoke.stdout.txt");
        Path stderr = INSTALL.resolve("console-smoke.stderr.txt");
        Process process = new ProcessBuilder(
                        node.toString(), "console-smoke.mjs", consoleUrl, firefox.toString(), workflowId, products)
                .directory(INSTALL.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            // Firefox first: once Node is gone nothing would close it
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("the Firefox run did not end in 2 minutes; its log: " + Files.readString(stderr));
        }
        String report = Files.readString(stdout).strip();
        if (report.isEmpty()) {
            fail("the Firefox run printed no report (exit " + process.exitValue() + "): " + Files.readString(stderr));
        }
        String last = report.substring(report.lastIndexOf('\n') + 1);
        Files.writeString(INSTALL.resolve("console-smoke-report.json"), last);
        return Api.JSON.readTree(last);
    }

    /** {@code npm ci} of the pinned lock, once per lock: a later run with the same lock reuses what is there. */
    private void install() throws Exception {
        Files.createDirectories(INSTALL);
        for (String file : FILES) {
            Files.copy(SOURCES.resolve(file), INSTALL.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Path installedFrom = INSTALL.resolve("node_modules").resolve(".installed-from.package-lock.json");
        if (Files.exists(installedFrom) && Files.mismatch(installedFrom, SOURCES.resolve("package-lock.json")) == -1) {
            return;
        }
        Path log = INSTALL.resolve("npm-ci.log");
        Process process = new ProcessBuilder(
                        npm.toString(), "ci", "--prefer-offline", "--no-audit", "--no-fund", "--update-notifier=false")
                .directory(INSTALL.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("npm ci did not end in 3 minutes: " + Files.readString(log));
        }
        if (process.exitValue() != 0) {
            fail("npm ci failed in " + INSTALL.toAbsolutePath() + " (exit " + process.exitValue() + "): "
                    + Files.readString(log));
        }
        Files.copy(SOURCES.resolve("package-lock.json"), installedFrom, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String missing(String what, String debianPackage) {
        return "no " + what + " (scripts/install-test-prerequisites.sh installs Debian's " + debianPackage + "; "
                + OPT_OUT + "=off leaves this test out)";
    }

    private static Optional<Path> onPath(String command) {
        List<Path> candidates = new ArrayList<>();
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!folder.isEmpty()) {
                candidates.add(Path.of(folder, command));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }
}
