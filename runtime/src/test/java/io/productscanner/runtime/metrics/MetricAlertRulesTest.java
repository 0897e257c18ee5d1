package io.productscanner.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus configuration and alert rules under docker/prometheus are valid, every alert passes its unit
 * tests in alerts.test.yml, and docker/alertmanager sends every alert to both Slack and Discord. Without
 * promtool or amtool this fails rather than skips: the rules would go untested.
 */
class MetricAlertRulesTest {
    static final Path PROMETHEUS_DIR = repoRoot().resolve("docker/prometheus");
    static final Path ALERTMANAGER_DIR = repoRoot().resolve("docker/alertmanager");

    @Test
    void configIsValid() throws Exception {
        promtool("check", "config", "prometheus.yml");
    }

    @Test
    void rulesAreValid() throws Exception {
        promtool("check", "rules", "alerts.yml");
    }

    @Test
    void everyAlertPassesItsUnitTests() throws Exception {
        String output = promtool("test", "rules", "alerts.test.yml");
        assertTrue(output.contains("SUCCESS"), output);
    }

    @Test
    void alertmanagerConfigIsValid() throws Exception {
        amtool("check-config", "alertmanager.yml");
    }

    @Test
    void warningAndCriticalAlertsReachSlackAndDiscord() throws Exception {
        for (String severity : List.of("warning", "critical")) {
            String receivers = amtool(
                    "config",
                    "routes",
                    "test",
                    "--config.file=alertmanager.yml",
                    "severity=" + severity,
                    "alertname=ScannerQueueBacklog",
                    "platform=kurly");
            assertEquals(
                    "slack,discord",
                    receivers
                            .lines()
                            .filter(line -> !line.startsWith("Warning"))
                            .findFirst()
                            .orElse("")
                            .trim(),
                    severity + ": " + receivers);
        }
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        return run(PROMETHEUS_DIR, tool("promtool", "prometheus"), args);
    }

    private static String amtool(String... args) throws IOException, InterruptedException {
        return run(ALERTMANAGER_DIR, tool("amtool", "prometheus-alertmanager"), args);
    }

    private static String run(Path dir, String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tool));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 60 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
        return output;
    }

    private static String tool(String name, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail(name + " not found on PATH: install Debian's `" + debianPackage + "` package "
                + "(scripts/install-test-prerequisites.sh does)");
    }

    /** The checkout's root: Maven runs tests in runtime/, the IDE may run them at the root. */
    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docker/prometheus"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no docker/prometheus above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
