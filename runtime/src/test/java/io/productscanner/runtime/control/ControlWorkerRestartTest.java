package io.productscanner.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.metrics.ScannerMetrics;
import io.productscanner.runtime.testing.ApiEnvelope;
import io.productscanner.runtime.worker.WorkerPool;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ControlWorkerRestartTest {
    private static final String PLATFORM = ControlApi.PLATFORM;

    @RegisterExtension
    static final ControlApi api = ControlApi.perClass();

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private static boolean completed(String jobId) {
        return api.redis()
                .store()
                .find(jobId)
                .map(j -> j.status() == JobStatus.COMPLETED)
                .orElse(false);
    }

    @Test
    void theIdleWorkerTakesTheRequestAndRecreatesItsScanner() throws Exception {
        try (WorkerPool pool = WorkerPool.start(
                api.redis().connections(),
                api.queues(),
                List.of(PLATFORM),
                "worker",
                Duration.ofMillis(50),
                ScannerMetrics.create(),
                api.runner())) {
            String first = api.submit(ControlApi.USE_SCANNER);
            await(() -> completed(first), "the first job completed");
            assertEquals(1, api.scanners().size());
            ControlApi.RecordingScanner before = api.scanners().getFirst();

            HttpResponse<String> response = api.post("/api/v2/workers/" + PLATFORM + "/restart", "");
            assertEquals(202, response.statusCode(), response.body());
            assertEquals(
                    "restart_requested",
                    ApiEnvelope.data(response).path("status").asText());
            assertEquals(PLATFORM, ApiEnvelope.data(response).path("platform").asText());
            var redis = api.redis().connections().commands();
            await(() -> redis.exists(api.redis().keys().restart(PLATFORM)) == 0, "the worker took the request");
            // the worker deletes the request before it closes the old scanner
            await(() -> before.closed.get(), "the old scanner was closed");

            String second = api.submit(ControlApi.USE_SCANNER);
            await(() -> completed(second), "the second job completed");
            assertEquals(2, api.scanners().size());
            assertNotSame(before, api.scanners().get(1));
            assertFalse(api.scanners().get(1).closed.get());
        }
    }

    @Test
    void aRequestForAnUnservedPlatformWaitsWithATtl() throws Exception {
        HttpResponse<String> response = api.post("/api/v2/workers/default/restart", "");
        assertEquals(202, response.statusCode(), response.body());
        long ttl = api.redis().connections().commands().pttl(api.redis().keys().restart("default"));
        assertTrue(ttl > 0 && ttl <= Duration.ofMinutes(5).toMillis(), "ttl " + ttl);
    }

    @Test
    void anUnknownPlatformIs404() throws Exception {
        HttpResponse<String> response = api.post("/api/v2/workers/nowhere/restart", "");
        assertEquals(404, response.statusCode(), response.body());
        assertEquals("platform", ApiEnvelope.error(response).path("field").asText());
    }
}
