package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Start-up refusals a person would hit first. */
class StartupTest {
    @Test
    void anUnknownPlatformInWorkerPlatformsStopsStartUpListingTheAvailablePlugins() throws Exception {
        ScannerProcessHandle.Finished run = ScannerProcessHandle.run(
                Map.of("WORKER_PLATFORMS", "nosuchplatform", "REDIS_URL", "redis://127.0.0.1:1"),
                Duration.ofSeconds(60),
                "worker");
        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("WORKER_PLATFORMS names unknown platform(s): nosuchplatform"), run.output());
        assertTrue(run.output().contains("Available plugins in"), run.output());
        assertTrue(run.output().contains("musinsa"), run.output());
    }

    @Test
    void aMalformedSettingStopsStartUpNamingTheVariableWhetherEnvironmentOrSystemProperty() throws Exception {
        ScannerProcessHandle.Finished fromEnvironment = ScannerProcessHandle.run(
                Map.of("LOCK_TTL_MS", "soon", "REDIS_URL", "redis://127.0.0.1:1"), Duration.ofSeconds(60), "worker");
        assertNotEquals(0, fromEnvironment.exitCode(), fromEnvironment.output());
        assertTrue(fromEnvironment.output().contains("LOCK_TTL_MS='soon' is not valid"), fromEnvironment.output());

        ScannerProcessHandle.Finished fromProperty = ScannerProcessHandle.run(
                Map.of("JAVA_OPTS", "-DMAX_ATTEMPTS=0", "REDIS_URL", "redis://127.0.0.1:1"),
                Duration.ofSeconds(60),
                "worker");
        assertNotEquals(0, fromProperty.exitCode(), fromProperty.output());
        assertTrue(
                fromProperty.output().contains("MAX_ATTEMPTS='0' is not valid: must be at least 1"),
                fromProperty.output());

        // the environment wins over a system property of the same name: start-up gets as far as Redis
        ScannerProcessHandle.Finished both = ScannerProcessHandle.run(
                Map.of(
                        "JAVA_OPTS",
                        "-DRETRY_BACKOFF_MS=0",
                        "RETRY_BACKOFF_MS",
                        "250",
                        "REDIS_URL",
                        "redis://127.0.0.1:1"),
                Duration.ofSeconds(60),
                "worker");
        assertNotEquals(0, both.exitCode(), both.output());
        assertFalse(both.output().contains("RETRY_BACKOFF_MS"), both.output());
        assertTrue(both.output().toLowerCase(Locale.ROOT).contains("redis"), both.output());
    }

    @Test
    void anUnknownCommandPrintsUsageAndFails() throws Exception {
        ScannerProcessHandle.Finished run = ScannerProcessHandle.run(Map.of(), Duration.ofSeconds(60), "frobnicate");
        assertEquals(2, run.exitCode());
        assertTrue(run.output().contains("unknown command 'frobnicate'"), run.output());
        assertTrue(run.output().contains("usage: product-scanner"), run.output());
    }
}
