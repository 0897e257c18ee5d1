package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SIGTERM stops a worker process in order and it exits 0, not the 143 a JVM stopped by a signal reports. */
class ShutdownTest {
    @Test
    void aWorkerStoppedWithSigtermExitsZeroAfterStoppingInOrder() throws Exception {
        try (TestRedisServer redis = new TestRedisServer();
                ScannerProcessHandle worker = ScannerProcessHandle.start(
                        Map.of(
                                "REDIS_URL",
                                redis.url(),
                                "WORKER_PLATFORMS",
                                "musinsa",
                                "SERVICE_NAME",
                                "shutdown-test"),
                        "worker")) {
            worker.awaitOutput("process.ready", Duration.ofSeconds(60));
            int exitCode = worker.stop();
            String output = worker.output();
            assertEquals(0, exitCode, output);
            assertTrue(output.contains("process.stopped"), "the stop is logged before the exit:\n" + output);
        }
    }
}
