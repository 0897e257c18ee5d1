package io.productscanner.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.testing.ApiEnvelope;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ControlHistoryTest {
    @RegisterExtension
    static final ControlApi api = ControlApi.perClass();
    /** Submitted in this order: noop, use-scanner, noop (the first noop then completed). */
    private static final List<String> submitted = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        submitted.add(api.submit(ControlApi.NOOP));
        Thread.sleep(5); // distinct creation milliseconds, so newest-first is one fixed order
        submitted.add(api.submit(ControlApi.USE_SCANNER));
        Thread.sleep(5);
        submitted.add(api.submit(ControlApi.NOOP));
        ClaimedJob first = api.queue()
                .claim(PluginRegistry.DEFAULT_QUEUE, "t", "test-worker")
                .orElseThrow();
        assertEquals(submitted.get(0), first.jobId());
        assertTrue(api.queue().complete(first, JobOutcome.completed(null)));
    }

    private static List<String> ids(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        List<String> ids = new ArrayList<>();
        ApiEnvelope.data(response)
                .path("jobs")
                .forEach(job -> ids.add(job.path("job_id").asText()));
        return ids;
    }

    @Test
    void listsEveryJobNewestFirst() throws Exception {
        assertEquals(submitted.reversed(), ids(api.get("/api/v2/jobs")));
    }

    @Test
    void filtersByStatusPlatformAndWorkflow() throws Exception {
        assertEquals(List.of(submitted.get(0)), ids(api.get("/api/v2/jobs?status=completed")));
        assertEquals(List.of(submitted.get(2), submitted.get(1)), ids(api.get("/api/v2/jobs?status=pending")));
        assertEquals(List.of(submitted.get(1)), ids(api.get("/api/v2/jobs?platform=" + ControlApi.PLATFORM)));
        assertEquals(
                List.of(submitted.get(2), submitted.get(0)),
                ids(api.get("/api/v2/jobs?workflow_id=" + ControlApi.NOOP)));
        assertEquals(
                List.of(submitted.get(2)),
                ids(api.get("/api/v2/jobs?workflow_id=" + ControlApi.NOOP + "&status=pending")));
    }

    @Test
    void limitKeepsTheNewest() throws Exception {
        assertEquals(List.of(submitted.get(2), submitted.get(1)), ids(api.get("/api/v2/jobs?limit=2")));
    }

    @Test
    void describesEachJob() throws Exception {
        JsonNode completed = ApiEnvelope.data(api.get("/api/v2/jobs?status=completed"))
                .path("jobs")
                .get(0);
        assertEquals(ControlApi.NOOP, completed.path("workflow_id").asText());
        assertEquals(PluginRegistry.DEFAULT_QUEUE, completed.path("platform").asText());
        assertEquals(1, completed.path("attempts").asInt());
        assertTrue(completed.path("completed_at").isTextual(), completed.toString());
    }

    @Test
    void badFiltersAre400sNamingTheField() throws Exception {
        for (String[] query : new String[][] {
            {"status=finished", "status"},
            {"status=", "status"},
            {"platform=nowhere", "platform"},
            {"limit=501", "limit"},
            {"limit=-1", "limit"},
            {"limit=ten", "limit"}
        }) {
            HttpResponse<String> response = api.get("/api/v2/jobs?" + query[0]);
            assertEquals(400, response.statusCode(), query[0] + ": " + response.body());
            assertEquals(query[1], ApiEnvelope.error(response).path("field").asText(), query[0]);
        }
    }

    @Test
    void aJobWhoseHashExpiredLeavesTheIndexWhenRead() throws Exception {
        String gone = api.submit(ControlApi.NOOP);
        var redis = api.redis().connections().commands();
        api.queue().cancel(gone);
        redis.del(api.redis().keys().job(gone));
        assertTrue(!ids(api.get("/api/v2/jobs?limit=500")).contains(gone));
        assertNull(redis.zscore(api.redis().keys().jobIndex(), gone), "the expired id was pruned from the index");
        assertEquals(submitted.reversed(), ids(api.get("/api/v2/jobs")));
    }
}
