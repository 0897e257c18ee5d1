package io.productscanner.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.metrics.ScannerMetrics;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.testing.ApiEnvelope;
import io.productscanner.runtime.worker.JobControl;
import io.productscanner.runtime.worker.WorkerPool;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /api/v2/jobs/{id}}: the state of every node of the job's workflow, and the worker running it. */
class ControlJobNodesTest {
    private static final String PLATFORM = ControlApi.PLATFORM;
    private static final String WORKER = "worker-nodes";

    @RegisterExtension
    static final ControlApi api = ControlApi.perClass();

    private static JsonNode job(String jobId) {
        try {
            HttpResponse<String> response = api.get("/api/v2/jobs/" + jobId);
            assertEquals(200, response.statusCode(), response.body());
            return ApiEnvelope.data(response);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The job as the API shows it once {@code condition} holds (progress is written asynchronously). */
    private static JsonNode awaitJob(String jobId, Predicate<JsonNode> condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            JsonNode job = job(jobId);
            if (condition.test(job)) {
                return job;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what + ": " + job);
            }
            Thread.sleep(20);
        }
    }

    private static String status(JsonNode job, String node) {
        return job.path("nodes").path(node).path("status").asText();
    }

    private static List<String> nodeIds(JsonNode job) {
        List<String> ids = new ArrayList<>();
        job.path("nodes").fieldNames().forEachRemaining(ids::add);
        return ids;
    }

    private static WorkerPool pool() {
        return WorkerPool.start(
                api.redis().connections(),
                api.queues(),
                List.of(PLATFORM),
                WORKER,
                Duration.ofMillis(50),
                ScannerMetrics.create(),
                api.runner());
    }

    @Test
    void aQueuedJobListsEveryNodePending() throws Exception {
        String queued = api.submit(ControlApi.NOOP); // no worker serves the default queue here
        JsonNode job = job(queued);
        assertEquals(List.of("only"), nodeIds(job));
        JsonNode only = job.path("nodes").path("only");
        assertEquals("pending", only.path("status").asText());
        assertTrue(only.path("started_at").isNull() && only.path("completed_at").isNull(), only.toString());
        assertEquals(0.0, only.path("progress").asDouble());
        assertTrue(job.path("worker").isNull(), job.toString());
        api.queue().cancel(queued);
    }

    @Test
    void nodesShowWhatRanWhatWasSkippedAndWhatRunsNow() throws Exception {
        try (WorkerPool pool = pool()) {
            String id = api.submit(ControlApi.BRANCHY);
            JsonNode running = awaitJob(id, job -> status(job, "finish").equals("running"), "finish runs");
            assertEquals(Set.of("choose", "left", "right", "finish"), Set.copyOf(nodeIds(running)));
            assertEquals("choose", nodeIds(running).getFirst(), "in the workflow's order");
            assertEquals("done", status(running, "choose"));
            assertEquals("done", status(running, "left"));
            assertEquals("skipped", status(running, "right"));
            JsonNode finish = running.path("nodes").path("finish");
            assertTrue(finish.path("started_at").isTextual(), finish.toString());
            assertTrue(finish.path("completed_at").isNull(), finish.toString());
            assertEquals(WORKER, running.path("worker").asText());
            assertEquals("finish", running.path("current_node").asText());
            JsonNode left = running.path("nodes").path("left");
            assertTrue(left.path("started_at")
                            .asText()
                            .compareTo(left.path("completed_at").asText())
                    <= 0);
            assertEquals(1.0, left.path("progress").asDouble());

            api.openGate();
            JsonNode ended = awaitJob(
                    id,
                    job -> job.path("status").asText().equals("completed")
                            && status(job, "finish").equals("done"),
                    "the job completed with finish done");
            assertTrue(ended.path("nodes").path("finish").path("completed_at").isTextual());
            assertEquals("skipped", status(ended, "right"), "still there after the job ended");
            assertEquals(WORKER, ended.path("worker").asText());
        }
    }

    @Test
    void aFailedNodeIsFailedAndTheNodesAfterItStayPending() throws Exception {
        try (WorkerPool pool = pool()) {
            String id = api.submit(ControlApi.FAILING);
            JsonNode failed = awaitJob(
                    id,
                    job -> job.path("status").asText().equals("failed")
                            && status(job, "boom").equals("failed"),
                    "the job failed at boom");
            assertEquals("done", status(failed, "start"));
            assertTrue(failed.path("nodes").path("boom").path("completed_at").isTextual());
        }
    }

    @Test
    void aJobTakenOverAfterItsWorkerDiedCountsItsRestoredNodesDone() throws Exception {
        String id = api.submit(ControlApi.HALTING);
        ClaimedJob first =
                api.queue().claim(PLATFORM, "dying-token", "dying-worker").orElseThrow();
        assertEquals(id, first.jobId());
        JobOutcome stopped = api.runner().execute(first, new JobControl());
        assertTrue(stopped.error().contains("its worker died"), stopped.error());
        // the worker dies before recording the outcome, and its lease runs out
        api.redis().connections().commands().del(api.redis().keys().lock(PLATFORM));
        JsonNode before = awaitJob(id, job -> status(job, "halt").equals("done"), "the first run's nodes show");
        assertEquals("pending", status(before, "end"));

        try (WorkerPool pool = pool()) {
            JsonNode after = awaitJob(
                    id,
                    job -> job.path("status").asText().equals("completed")
                            && status(job, "end").equals("done"),
                    "the heir completed it");
            assertEquals(2, after.path("attempts").asInt());
            for (String restored : List.of("start", "halt")) {
                assertEquals("done", status(after, restored));
                assertEquals(
                        before.path("nodes").path(restored).path("started_at"),
                        after.path("nodes").path(restored).path("started_at"),
                        "a restored node keeps the times of the run that did it");
            }
            assertEquals(WORKER, after.path("worker").asText());
        }
    }
}
