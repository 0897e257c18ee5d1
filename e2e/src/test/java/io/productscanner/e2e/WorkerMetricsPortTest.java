package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A worker whose METRICS_PORT is taken refuses to start, saying which setting to change, rather than run unseen. */
class WorkerMetricsPortTest {
    @Test
    void aWorkerWhoseMetricsPortIsTakenStopsWithAClearMessage() throws Exception {
        try (TestRedisServer redis = new TestRedisServer();
                ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var run = ScannerProcessHandle.run(
                    Map.of(
                            "REDIS_URL",
                            redis.url(),
                            "WORKER_PLATFORMS",
                            "musinsa",
                            "HOST",
                            "127.0.0.1",
                            "METRICS_PORT",
                            Integer.toString(taken.getLocalPort())),
                    Duration.ofSeconds(90),
                    "worker");
            assertEquals(1, run.exitCode(), run.output());
            assertTrue(
                    run.output()
                            .contains("product-scanner: cannot serve metrics on 127.0.0.1:" + taken.getLocalPort()
                                    + " (METRICS_PORT)"),
                    run.output());
        }
    }
}
