package io.productscanner.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.metrics.ScannerMetrics;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.testing.ApiEnvelope;
import io.productscanner.runtime.worker.WorkerPool;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ControlQueuePauseTest {
    private static final String PLATFORM = ControlApi.PLATFORM;
    private static final String PAUSE = "/api/v2/queues/" + PLATFORM + "/pause";
    private static final String RESUME = "/api/v2/queues/" + PLATFORM + "/resume";
    /** Far longer than the test waits: a worker that takes a job did so because it was woken. */
    private static final Duration NO_POLLING = Duration.ofMinutes(10);

    @RegisterExtension
    static final ControlApi api = ControlApi.perClass();

    @AfterEach
    void resumeAndFree() {
        api.queues().platforms().resume(PLATFORM);
        api.queues().platforms().forceRelease(PLATFORM);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private static JobStatus status(String jobId) {
        return api.redis().store().find(jobId).orElseThrow().status();
    }

    private static JsonNode queueEntry(String queue) throws Exception {
        HttpResponse<String> response = api.get("/api/v2/queues");
        assertEquals(200, response.statusCode(), response.body());
        for (JsonNode entry : ApiEnvelope.data(response).path("queues")) {
            if (entry.path("queue").asText().equals(queue)) {
                return entry;
            }
        }
        throw new AssertionError("no queue " + queue + " in " + response.body());
    }

    @Test
    void aPausedQueueKeepsItsJobsWaitingWhileTheRunningJobFinishesAndResumingWakesTheWorker() throws Exception {
        try (WorkerPool pool = WorkerPool.start(
                api.redis().connections(),
                api.queues(),
                List.of(PLATFORM),
                "worker",
                NO_POLLING,
                ScannerMetrics.create(),
                api.runner())) {
            String running = api.submit(ControlApi.GATED);
            await(() -> status(running) == JobStatus.RUNNING, "the gated job runs");

            HttpResponse<String> paused = api.post(PAUSE, "");
            assertEquals(200, paused.statusCode(), paused.body());
            assertEquals(PLATFORM, ApiEnvelope.data(paused).path("queue").asText());
            assertTrue(ApiEnvelope.data(paused).path("paused").asBoolean());
            String waiting = api.submit(ControlApi.ALPHA_NOOP);

            api.openGate();
            await(() -> status(running) == JobStatus.COMPLETED, "the running job finished despite the pause");
            // the worker recorded the outcome and, in the same step, found the queue paused: the platform is free
            var redis = api.redis().connections().commands();
            assertEquals(0, redis.exists(api.redis().keys().lock(PLATFORM)), "the worker holds no lock");
            assertEquals(JobStatus.PENDING, status(waiting));
            JsonNode entry = queueEntry(PLATFORM);
            assertTrue(entry.path("paused").asBoolean(), entry.toString());
            assertEquals(1, entry.path("waiting").asInt(), entry.toString());
            assertTrue(entry.path("running").isNull(), entry.toString());
            assertEquals(running, entry.path("last_finished").path("job_id").asText(), entry.toString());
            assertEquals("completed", entry.path("last_finished").path("status").asText());
            JsonNode platform = ApiEnvelope.data(api.get("/api/v2/platforms"))
                    .path("platforms")
                    .get(0);
            assertTrue(platform.path("paused").asBoolean(), platform.toString());

            HttpResponse<String> resumed = api.post(RESUME, "");
            assertEquals(200, resumed.statusCode(), resumed.body());
            assertFalse(ApiEnvelope.data(resumed).path("paused").asBoolean());
            await(() -> status(waiting) == JobStatus.COMPLETED, "the waiting job ran once resumed");
            assertFalse(queueEntry(PLATFORM).path("paused").asBoolean());
        }
    }

    @Test
    void aPausedQueueStillHandsTheJobOfADeadWorkerOver() throws Exception {
        String orphan = api.submit(ControlApi.ALPHA_NOOP);
        String queued = api.submit(ControlApi.ALPHA_NOOP);
        ClaimedJob died =
                api.queue().claim(PLATFORM, "dead-token", "dead-worker").orElseThrow();
        assertEquals(orphan, died.jobId());
        var redis = api.redis().connections().commands();
        redis.del(api.redis().keys().lock(PLATFORM)); // its lease ran out
        api.queues().platforms().pause(PLATFORM);

        ClaimedJob takenOver = api.queue().claim(PLATFORM, "heir-token", "heir").orElseThrow();
        assertEquals(orphan, takenOver.jobId(), "a job that had started is finished despite the pause");
        assertTrue(takenOver.recovered());
        assertTrue(api.queue().complete(takenOver, JobOutcome.completed(null)));
        assertTrue(api.queue().claim(PLATFORM, "next-token", "heir").isEmpty(), "nothing new is taken");
        assertEquals(JobStatus.PENDING, status(queued));

        api.queues().platforms().resume(PLATFORM);
        assertEquals(
                queued,
                api.queue().claim(PLATFORM, "after-token", "heir").orElseThrow().jobId());
    }

    @Test
    void anUnknownQueueIs404() throws Exception {
        for (String action : List.of("pause", "resume")) {
            HttpResponse<String> response = api.post("/api/v2/queues/nowhere/" + action, "");
            assertEquals(404, response.statusCode(), response.body());
            assertEquals(
                    "platform_not_found",
                    ApiEnvelope.error(response).path("code").asText());
            assertEquals("queue", ApiEnvelope.error(response).path("field").asText());
        }
    }
}
