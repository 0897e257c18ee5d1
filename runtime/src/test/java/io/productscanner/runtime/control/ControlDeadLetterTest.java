package io.productscanner.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.QueuePolicy;
import io.productscanner.runtime.testing.ApiEnvelope;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ControlDeadLetterTest {
    private static final String PLATFORM = ControlApi.PLATFORM;

    @RegisterExtension
    static final ControlApi api = ControlApi.perClass();
    /** One try only, with a lease short enough that a test outlives it. */
    private static JobQueue oneTry;

    @BeforeAll
    static void start() throws Exception {
        oneTry = new JobQueue(
                api.redis().connections().commands(),
                api.redis().keys(),
                QueuePolicy.of(Duration.ofMillis(150), Duration.ofHours(1)).withMaxAttempts(1));
    }

    /** Each test starts with an empty, free platform. */
    @BeforeEach
    void clearPlatform() {
        var keys = api.redis().keys();
        api.redis().connections().commands().del(keys.queue(PLATFORM), keys.lock(PLATFORM), keys.running(PLATFORM));
    }

    /** Submits a job, lets its only worker die under it, and has the next claim dead-letter it. */
    private static String deadJob() throws Exception {
        String id = api.submit(ControlApi.USE_SCANNER);
        assertEquals(
                id, oneTry.claim(PLATFORM, "doomed", "worker-1").orElseThrow().jobId());
        Thread.sleep(300); // the worker dies; its lease runs out
        assertTrue(oneTry.claim(PLATFORM, "rescuer", "worker-2").isEmpty(), "nothing else is queued");
        assertTrue(
                api.redis().connections().commands().zscore(api.redis().keys().deadLetters(), id) != null);
        return id;
    }

    private static List<String> listed(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        List<String> ids = new ArrayList<>();
        ApiEnvelope.data(response)
                .path("jobs")
                .forEach(job -> ids.add(job.path("job_id").asText()));
        return ids;
    }

    private static void assertRequeued(String id) {
        JobRecord job = api.redis().store().find(id).orElseThrow();
        assertEquals(JobStatus.PENDING, job.status());
        assertEquals(0, job.attempts());
        assertNull(job.error());
        var redis = api.redis().connections().commands();
        assertNull(redis.zscore(api.redis().keys().deadLetters(), id));
        assertTrue(redis.zscore(api.redis().keys().queue(PLATFORM), id) != null, "back in its queue");
    }

    @Test
    void listsDeadJobsWithTheirError() throws Exception {
        String id = deadJob();
        HttpResponse<String> response = api.get("/api/v2/jobs/dead?platform=" + PLATFORM);
        assertTrue(listed(response).contains(id), response.body());
        JsonNode entry = null;
        for (JsonNode job : ApiEnvelope.data(response).path("jobs")) {
            if (job.path("job_id").asText().equals(id)) {
                entry = job;
            }
        }
        assertEquals(ControlApi.USE_SCANNER, entry.path("workflow_id").asText());
        assertEquals(PLATFORM, entry.path("platform").asText());
        assertEquals(1, entry.path("attempts").asInt());
        assertTrue(entry.path("error").asText().contains("stopped without finishing it 1 times"), entry.toString());
        assertTrue(entry.path("dead_at").asText().endsWith("Z"), entry.toString());
        assertEquals(List.of(), listed(api.get("/api/v2/jobs/dead?platform=default")));
    }

    @Test
    void requeueingOneJobMakesItPendingWithAttemptsReset() throws Exception {
        String id = deadJob();
        HttpResponse<String> response = api.post("/api/v2/jobs/dead/" + id + "/requeue", "");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("pending", ApiEnvelope.data(response).path("status").asText());
        assertRequeued(id);
        assertTrue(!listed(api.get("/api/v2/jobs/dead")).contains(id));

        HttpResponse<String> again = api.post("/api/v2/jobs/dead/" + id + "/requeue", "");
        assertEquals(409, again.statusCode(), again.body());
        assertEquals("job_not_dead", ApiEnvelope.error(again).path("code").asText());
        // the requeued job runs again as any other
        var rerun = api.queue().claim(PLATFORM, "t", "worker-3").orElseThrow();
        assertEquals(id, rerun.jobId());
        assertEquals(1, rerun.job().attempts());
    }

    @Test
    void requeueingAnUnknownJobIs404() throws Exception {
        HttpResponse<String> response = api.post("/api/v2/jobs/dead/" + UUID.randomUUID() + "/requeue", "");
        assertEquals(404, response.statusCode(), response.body());
    }

    @Test
    void requeueingByIdsAndAllAtOnce() throws Exception {
        String first = deadJob();
        String second = deadJob();
        String live = api.submit(ControlApi.NOOP);
        HttpResponse<String> byIds =
                api.post("/api/v2/jobs/dead", "{\"job_ids\": [\"" + first + "\", \"" + live + "\"]}");
        assertEquals(200, byIds.statusCode(), byIds.body());
        assertEquals(first, ApiEnvelope.data(byIds).path("requeued").get(0).asText());
        assertEquals(live, ApiEnvelope.data(byIds).path("not_dead").get(0).asText());
        assertRequeued(first);
        api.redis().connections().commands().zrem(api.redis().keys().queue(PLATFORM), first);

        HttpResponse<String> all = api.post("/api/v2/jobs/dead", "{\"all\": true, \"platform\": \"" + PLATFORM + "\"}");
        assertEquals(200, all.statusCode(), all.body());
        assertTrue(ApiEnvelope.data(all).path("requeued").toString().contains(second), all.body());
        assertRequeued(second);
        assertEquals(List.of(), listed(api.get("/api/v2/jobs/dead?platform=" + PLATFORM)), "none left dead");
    }

    @Test
    void aBadRequeueBodyIsA400() throws Exception {
        for (String body : new String[] {
            "{}",
            "{\"all\": false}",
            "{\"job_ids\": []}",
            "{\"job_ids\": [\"x\"]}",
            "{\"job_ids\": \"" + UUID.randomUUID() + "\"}",
            "{\"all\": true, \"platform\": \"nowhere\"}",
            "{\"job_ids\": [\"" + UUID.randomUUID() + "\"], \"all\": true}",
            "{\"other\": 1}"
        }) {
            HttpResponse<String> response = api.post("/api/v2/jobs/dead", body);
            assertEquals(400, response.statusCode(), body + ": " + response.body());
            ApiEnvelope.error(response);
        }
    }
}
