package io.productscanner.support.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.spi.ScanException;
import io.productscanner.support.core.egress.EgressPolicy;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chromium's sandbox with real launches: on by default where Chromium can run in it, off with a warning saying why
 * where it cannot (as root, which these tests may run as, or without user namespaces), forced either way by
 * {@code BROWSER_SANDBOX}. A non-root user is tried in a JVM of its own when the tests run as root.
 */
class BrowserSandboxTest {
    private static final int NOBODY = 65534;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record.getMessage());
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureWarnings() {
        Logger.getLogger(BrowserPool.class.getName()).addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger(BrowserPool.class.getName()).removeHandler(capture);
    }

    @Test
    void autoRunsSandboxedWhereChromiumCanAndSaysWhyWhereItCannot() throws Exception {
        List<String> arguments = chromiumArgumentsWith(BrowserSandbox.AUTO);

        if (isRoot()) {
            assertTrue(arguments.contains("--no-sandbox"), "as root Chromium runs only without its sandbox");
            String warning = sandboxWarning();
            assertTrue(warning.contains("Chromium refuses its sandbox when run as root"), warning);
            assertTrue(warning.contains("run the worker as a non-root user"), warning);
            assertTrue(warning.contains("BROWSER_SANDBOX=off"), warning);
            assertTrue(warning.contains("Running as root without --no-sandbox is not supported"), warning);
        } else if (userNamespacesWork(List.of())) {
            assertFalse(arguments.contains("--no-sandbox"), "sandboxed where it can be: " + arguments);
            assertEquals(List.of(), warnings);
        } else {
            assertTrue(arguments.contains("--no-sandbox"));
            assertTrue(sandboxWarning().contains("refuses the user namespaces"), sandboxWarning());
        }
    }

    @Test
    void offRunsWithoutTheSandboxAndWithoutAWarning() throws Exception {
        List<String> arguments = chromiumArgumentsWith(BrowserSandbox.OFF);

        assertTrue(arguments.contains("--no-sandbox"));
        assertEquals(List.of(), warnings);
    }

    @Test
    void onRunsSandboxedOrNotAtAll() throws Exception {
        if (isRoot() || !userNamespacesWork(List.of())) {
            try (BrowserPool pool = pool(BrowserSandbox.ON)) {
                ScanException failure = assertThrows(ScanException.class, () -> pool.withPage(page -> "opened"));

                assertTrue(
                        failure.getMessage().contains("Chromium cannot start in its sandbox and BROWSER_SANDBOX=on"),
                        failure.getMessage());
                assertEquals(0, pool.launches());
            }
        } else {
            assertFalse(chromiumArgumentsWith(BrowserSandbox.ON).contains("--no-sandbox"));
        }
    }

    @Test
    void aNonRootUserGetsTheSandbox(@TempDir Path work) throws Exception {
        if (!isRoot()) {
            // the tests already run as a non-root user: the pool here is the one to look at
            assertEquals(
                    userNamespacesWork(List.of()),
                    !chromiumArgumentsWith(BrowserSandbox.AUTO).contains("--no-sandbox"));
            return;
        }
        List<String> asNobody = List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--");
        String output = run(work, asNobody);

        assertTrue(output.contains("probe.page=probed"), output);
        if (userNamespacesWork(asNobody)) {
            assertTrue(output.contains("probe.no_sandbox_switch=false"), output);
            assertTrue(output.contains("event=browser.sandbox platform=probe sandbox=on mode=auto"), output);
            assertFalse(output.contains("event=browser.sandbox_off"), output);
        } else {
            assertTrue(output.contains("probe.no_sandbox_switch=true"), output);
            assertTrue(output.contains("refuses the user namespaces"), output);
        }
    }

    @Test
    void theSettingReadsAutoOnOrOff() {
        assertEquals(BrowserSandbox.AUTO, BrowserSandbox.parse(null));
        assertEquals(BrowserSandbox.AUTO, BrowserSandbox.parse(" Auto "));
        assertEquals(BrowserSandbox.ON, BrowserSandbox.parse("on"));
        assertEquals(BrowserSandbox.OFF, BrowserSandbox.parse("OFF"));
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> BrowserSandbox.parse("maybe"));
        assertEquals("BROWSER_SANDBOX must be auto, on or off, was 'maybe'", refused.getMessage());
    }

    private List<String> chromiumArgumentsWith(BrowserSandbox mode) throws ScanException {
        try (BrowserPool pool = pool(mode)) {
            pool.withPage(page -> {
                page.setContent("<title>probed</title>");
                return page.title();
            });
            return SandboxProbe.chromiumArguments(pool);
        }
    }

    private static BrowserPool pool(BrowserSandbox mode) {
        return new BrowserPool(
                "test",
                TestBrowsers.settings(Set.of()).withSandbox(mode),
                Optional.empty(),
                EgressPolicy.forSiteMirror(Optional.empty()),
                () -> {});
    }

    private String sandboxWarning() {
        return warnings.stream()
                .filter(line -> line.startsWith("event=browser.sandbox_off"))
                .findFirst()
                .orElse("no sandbox warning among " + warnings);
    }

    /**
     * Runs {@link SandboxProbe} as {@code user}: the test's classes and dependencies are copied where that user can
     * read them first.
     */
    private static String run(Path work, List<String> user) throws Exception {
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> classPath = new ArrayList<>();
        int index = 0;
        for (String entry : dependencies()) {
            Path source = Path.of(entry);
            Path copy = work.resolve("cp" + index++ + (Files.isDirectory(source) ? "" : ".jar"));
            copyReadable(source, copy);
            classPath.add(copy.toString());
        }
        Path home = Files.createDirectories(work.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<String> command = new ArrayList<>(user);
        command.addAll(List.of(
                "env",
                "HOME=" + home,
                ProcessHandle.current().info().command().orElseThrow(),
                "-Djava.io.tmpdir=" + home,
                "-cp",
                String.join(File.pathSeparator, classPath),
                SandboxProbe.class.getName()));
        Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!probe.waitFor(120, TimeUnit.SECONDS)) {
            probe.destroyForcibly();
        }
        return new String(probe.getInputStream().readAllBytes()) + "\nexit=" + probe.exitValue();
    }

    private static List<String> dependencies() {
        List<String> entries = new ArrayList<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property, "");
            for (String entry : value.split(File.pathSeparator)) {
                if (!entry.isBlank() && Files.exists(Path.of(entry)) && !entries.contains(entry)) {
                    entries.add(entry);
                }
            }
        }
        return entries;
    }

    private static void copyReadable(Path source, Path target) throws IOException {
        if (!Files.isDirectory(source)) {
            Files.copy(source, target);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
            return;
        }
        try (Stream<Path> tree = Files.walk(source)) {
            for (Path path : (Iterable<Path>) tree::iterator) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(path, copy);
                    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    /** Whether {@code user} (this process's when empty) may create the namespaces Chromium's sandbox uses. */
    private static boolean userNamespacesWork(List<String> user) throws Exception {
        List<String> command = new ArrayList<>(user);
        command.addAll(List.of("unshare", "--user", "--pid", "--net", "--fork", "true"));
        Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
        return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
    }

    private static boolean isRoot() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("Uid:"))
                .map(line -> line.substring(4).strip().split("\\s+")[1])
                .anyMatch("0"::equals);
    }
}
