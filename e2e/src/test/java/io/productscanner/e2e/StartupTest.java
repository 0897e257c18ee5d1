package io.productscanner.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start-up refusals a person would hit first. */
class StartupTest {
    @Test
    void anUnknownPlatformInWorkerPlatformsStopsStartUpListingTheAvailablePlugins() throws Exception {
        ScannerProcessHandle.Finished run = ScannerProcessHandle.run(Map.of("WORKER_PLATFORMS", "nosuchplatform",
                "REDIS_URL", "redis://127.0.0.1:1"), Duration.ofSeconds(60), "worker");
        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("WORKER_PLATFORMS names unknown platform(s): nosuchplatform"), run.output());
        assertTrue(run.output().contains("Available plugins in"), run.output());
        assertTrue(run.output().contains("musinsa"), run.output());
    }

    @Test
    void anUnknownCommandPrintsUsageAndFails() throws Exception {
        ScannerProcessHandle.Finished run = ScannerProcessHandle.run(Map.of(), Duration.ofSeconds(60), "frobnicate");
        assertEquals(2, run.exitCode());
        assertTrue(run.output().contains("unknown command 'frobnicate'"), run.output());
        assertTrue(run.output().contains("usage: product-scanner"), run.output());
    }
}
