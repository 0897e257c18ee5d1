package io.productscanner.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.heartbeat.CgroupMemory;
import io.productscanner.runtime.heartbeat.Heartbeat;
import io.productscanner.runtime.heartbeat.ProcessIdentity;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.metrics.ScannerMetrics;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.testing.ApiEnvelope;
import io.productscanner.runtime.worker.WorkerPool;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /api/v2/queues} while a real worker runs a job of one queue and more jobs wait. */
class ControlQueuesTest {
    private static final String PLATFORM = ControlApi.PLATFORM;
    private static final String WORKER = "worker-alpha";

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

    private static JobStatus status(String jobId) {
        return api.redis().store().find(jobId).orElseThrow().status();
    }

    private static JsonNode queues() {
        try {
            HttpResponse<String> response = api.get("/api/v2/queues");
            assertEquals(200, response.statusCode(), response.body());
            return ApiEnvelope.data(response);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void eachKnownQueueShowsWhatRunsWhatWaitsWhoHoldsItAndWhatEndedLast() throws Exception {
        Heartbeat heartbeat = new Heartbeat(
                api.redis().connections().commands(),
                api.redis().keys(),
                // serves the default queue too, as `serve` serves every queue: busy on one lane only
                ProcessIdentity.thisProcess(
                        WORKER, "worker", List.of(PLATFORM, PluginRegistry.DEFAULT_QUEUE), List.of()),
                CgroupMemory.ofThisProcess(),
                Duration.ofMillis(100),
                Duration.ofSeconds(30),
                Clock.systemUTC());
        try (heartbeat;
                WorkerPool pool = WorkerPool.start(
                        api.redis().connections(),
                        api.queues(),
                        List.of(PLATFORM),
                        WORKER,
                        Duration.ofMillis(50),
                        ScannerMetrics.create(),
                        api.runner())) {
            heartbeat.start(pool);
            String gated = api.submit(ControlApi.GATED);
            await(() -> status(gated) == JobStatus.RUNNING, "the gated job runs");
            String first = api.submit(ControlApi.ALPHA_NOOP);
            String last = api.submit(ControlApi.ALPHA_NOOP);
            // progress and the heartbeat are written a moment after the job starts
            await(
                    () -> {
                        JsonNode lane = queues().path("queues").get(0);
                        return lane.path("running")
                                        .path("current_node")
                                        .asText()
                                        .equals("only")
                                && lane.path("workers")
                                        .path(0)
                                        .path("status")
                                        .asText()
                                        .equals("busy");
                    },
                    "the running node and the worker's busy heartbeat show");

            JsonNode data = queues();
            List<String> names = new ArrayList<>();
            data.path("queues").forEach(queue -> names.add(queue.path("queue").asText()));
            assertEquals(api.plugins().knownQueues(), names);
            JsonNode alpha = data.path("queues").get(0);
            assertFalse(alpha.path("paused").asBoolean());
            assertEquals(2, alpha.path("waiting").asInt(), alpha.toString());
            assertTrue(alpha.path("oldest_wait_seconds").isIntegralNumber(), alpha.toString());
            JsonNode running = alpha.path("running");
            assertEquals(gated, running.path("job_id").asText(), alpha.toString());
            assertEquals(ControlApi.GATED, running.path("workflow_id").asText());
            assertEquals("only", running.path("current_node").asText());
            assertEquals(1, running.path("attempts").asInt());
            assertEquals(WORKER, running.path("worker").asText());
            assertTrue(running.path("started_at").isTextual());
            assertTrue(running.path("elapsed_seconds").isIntegralNumber());
            assertTrue(running.path("progress").isNumber());
            assertEquals(WORKER, alpha.path("lock").path("holder").asText(), alpha.toString());
            long leaseLeft = alpha.path("lock").path("lease_left_ms").asLong();
            assertTrue(leaseLeft > 0 && leaseLeft <= 30_000, "lease left " + leaseLeft);
            assertEquals(WORKER, alpha.path("workers").get(0).path("service").asText());
            assertEquals("busy", alpha.path("workers").get(0).path("status").asText(), alpha.toString());
            assertTrue(alpha.path("workers").get(0).path("age_seconds").isNumber());
            assertTrue(alpha.path("workers").get(0).has("version"));

            JsonNode idle = data.path("queues").get(1);
            assertEquals(PluginRegistry.DEFAULT_QUEUE, idle.path("queue").asText());
            assertEquals(0, idle.path("waiting").asInt());
            for (String absent : List.of("oldest_wait_seconds", "running", "lock", "last_finished")) {
                assertTrue(idle.path(absent).isNull(), absent + " in " + idle);
            }
            assertEquals(WORKER, idle.path("workers").get(0).path("service").asText(), idle.toString());
            assertEquals("idle", idle.path("workers").get(0).path("status").asText(), "busy on the other queue only");
            assertEquals(1, data.path("summary").path("running_count").asInt());
            assertEquals(2, data.path("summary").path("waiting_count").asInt());
            assertEquals(0, data.path("summary").path("paused_count").asInt());

            api.openGate();
            await(() -> status(first) == JobStatus.COMPLETED && status(last) == JobStatus.COMPLETED, "all ran");
            JsonNode after = queues().path("queues").get(0);
            assertTrue(after.path("running").isNull(), after.toString());
            assertTrue(after.path("lock").isNull(), after.toString());
            assertTrue(after.path("oldest_wait_seconds").isNull(), after.toString());
            JsonNode lastFinished = after.path("last_finished");
            assertEquals(last, lastFinished.path("job_id").asText(), after.toString());
            assertEquals(ControlApi.ALPHA_NOOP, lastFinished.path("workflow_id").asText());
            assertEquals("completed", lastFinished.path("status").asText());
            assertEquals(
                    api.redis().store().find(last).orElseThrow().completedAt(),
                    lastFinished.path("completed_at").asText());
            assertTrue(lastFinished.has("summary"), after.toString());
        }
    }
}
