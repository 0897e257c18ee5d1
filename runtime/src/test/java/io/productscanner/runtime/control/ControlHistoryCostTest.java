package io.productscanner.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.NewJob;
import io.productscanner.runtime.testing.ApiEnvelope;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a history query costs with 2,000 retained jobs (1,900 completed, 100 queued, as a busy day leaves them):
 * prints the time and the job records read by an unfiltered page, a filtered page and a filter that matches
 * nothing (the figures of docs/PERFORMANCE.md; nothing is compared with a target here).
 */
class ControlHistoryCostTest {
    private static final int COMPLETED = 1900;
    private static final int QUEUED = 100;

    @RegisterExtension
    static final ControlApi api = ControlApi.perClass();

    @BeforeAll
    static void start() throws Exception {
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < COMPLETED + QUEUED; i++) {
            jobs.add(new NewJob(
                    UUID.randomUUID().toString(),
                    ControlApi.NOOP,
                    PluginRegistry.DEFAULT_QUEUE,
                    0,
                    Json.MAPPER.createObjectNode(),
                    Json.MAPPER.createObjectNode()));
        }
        api.queue().enqueueAll(jobs);
        ClaimedJob running = api.queue()
                .claim(PluginRegistry.DEFAULT_QUEUE, "lease-0", "cost-worker")
                .orElseThrow();
        for (int i = 1; i < COMPLETED; i++) {
            JobQueue.Finished finished =
                    api.queue().finishAndClaimNext(running, JobOutcome.completed(null), "lease-" + i, "cost-worker");
            running = finished.next().orElseThrow();
        }
        api.queue().complete(running, JobOutcome.completed(null));
    }

    /** Lists {@code query} once to warm up, then 5 times; prints the median time and the records read once. */
    private static int measure(String query) throws Exception {
        api.get(query);
        long[] millis = new long[5];
        long reads = 0;
        int listed = 0;
        for (int i = 0; i < millis.length; i++) {
            long before = api.redis().calls("hgetall");
            long started = System.nanoTime();
            HttpResponse<String> response = api.get(query);
            millis[i] = (System.nanoTime() - started) / 1_000_000;
            reads = api.redis().calls("hgetall") - before;
            assertEquals(200, response.statusCode(), response.body());
            listed = ApiEnvelope.data(response).path("count").asInt();
        }
        Arrays.sort(millis);
        System.out.printf(
                "history with %d jobs: GET %s -> %d jobs, %d ms (median of 5), %d job records read%n",
                COMPLETED + QUEUED, query, listed, millis[2], reads);
        return listed;
    }

    @Test
    void printsWhatTheOneOffIndexBuildCosts() throws Exception {
        var redis = api.redis().connections().commands();
        // the layout a version without the per-status indexes left
        redis.del(redis.keys(api.redis().keys().historyPrefix() + "*").toArray(String[]::new));
        long started = System.nanoTime();
        long indexed = api.redis().store().history().indexRetainedJobs();
        System.out.printf(
                "history with %d jobs: indexing them at start took %d ms%n",
                COMPLETED + QUEUED, (System.nanoTime() - started) / 1_000_000);
        assertEquals(COMPLETED + QUEUED, indexed);
        assertEquals(50, measure("/api/v2/jobs?status=completed&limit=50"));
    }

    @Test
    void printsWhatAHistoryQueryCosts() throws Exception {
        assertEquals(50, measure("/api/v2/jobs?limit=50"));
        assertEquals(50, measure("/api/v2/jobs?status=completed&limit=50"));
        assertEquals(50, measure("/api/v2/jobs?status=pending&workflow_id=" + ControlApi.NOOP + "&limit=50"));
        assertEquals(0, measure("/api/v2/jobs?status=failed"));
        assertEquals(0, measure("/api/v2/jobs?platform=" + ControlApi.PLATFORM));
    }
}
