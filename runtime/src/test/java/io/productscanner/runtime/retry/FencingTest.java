package io.productscanner.runtime.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.JobRetries;
import io.productscanner.runtime.queue.NewJob;
import io.productscanner.runtime.redis.RedisKeys;
import io.productscanner.runtime.results.ResultsDirectory;
import io.productscanner.runtime.testing.TestRedis;
import io.productscanner.runtime.worker.JobControl;
import io.productscanner.runtime.workflow.JobData;
import io.productscanner.runtime.workflow.NodeContext;
import io.productscanner.runtime.workflow.NodeDefinition;
import io.productscanner.runtime.workflow.RetryPolicy;
import io.productscanner.runtime.workflow.WorkflowException;
import io.productscanner.runtime.workflow.nodes.ProductData;
import io.productscanner.runtime.workflow.nodes.SaveResultNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A fencing token goes with every lease; a worker whose lease was taken over cannot write anything. */
class FencingTest {
    private static final Duration SHORT_LEASE = Duration.ofMillis(150);

    @RegisterExtension
    static final TestRedis redis = TestRedis.productionLikePerClass();

    private static RedisCommands<String, String> commands;
    private static RedisKeys keys;
    private static JobQueue queue;
    private static JobStore store;

    @TempDir
    Path resultsDir;

    @BeforeAll
    static void queueWithShortLease() throws Exception {
        commands = redis.connections().commands();
        keys = redis.keys();
        queue = redis.queue(SHORT_LEASE);
        store = redis.store();
    }

    private static String enqueue(String platform) {
        String id = UUID.randomUUID().toString();
        queue.enqueue(new NewJob(
                id, "wf", platform, 0, JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode()));
        return id;
    }

    private static ClaimedJob claim(String platform) {
        return queue.claim(platform, UUID.randomUUID().toString(), "worker").orElseThrow();
    }

    /** Claims a job, lets its lease run out, and has a second worker take it over. */
    private static ClaimedJob[] staleAndCurrent(String platform) throws InterruptedException {
        enqueue(platform);
        ClaimedJob stale = claim(platform);
        Thread.sleep(SHORT_LEASE.toMillis() * 3);
        ClaimedJob current = claim(platform);
        assertEquals(stale.jobId(), current.jobId());
        assertTrue(current.recovered());
        return new ClaimedJob[] {stale, current};
    }

    @Test
    void everyLeaseOfAPlatformGetsAGreaterFenceStoredOnTheJob() {
        String platform = "fence-order";
        String first = enqueue(platform);
        String second = enqueue(platform);
        ClaimedJob a = claim(platform);
        assertEquals(Long.toString(a.fence()), commands.hget(keys.job(first), "fence"));
        assertTrue(queue.complete(a, JobOutcome.completed(null)));
        ClaimedJob b = claim(platform);
        assertEquals(second, b.jobId());
        assertEquals(a.fence() + 1, b.fence());
        assertEquals(Long.toString(b.fence()), commands.hget(keys.job(second), "fence"));
    }

    @Test
    void aWorkerWhoseLeaseWasTakenOverCannotReplaceTheResultsOrRecordItsFile() throws Exception {
        ClaimedJob[] leases = staleAndCurrent("fence-results");
        ClaimedJob stale = leases[0];
        ClaimedJob current = leases[1];
        assertTrue(current.fence() > stale.fence());

        assertTrue(store.replaceResults(current, List.of("{\"n\":1}", "{\"n\":2}"), 1));
        assertFalse(store.replaceResults(stale, List.of("{\"stale\":true}"), 1), "the stale worker is refused");
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), store.results(current.jobId(), 0, 10));
        assertEquals(
                0,
                commands.keys(keys.results(current.jobId()) + ":staging*").size(),
                "the refused staging list is gone");

        assertFalse(store.recordResultsFile(stale, Path.of("/stale/file.jsonl")));
        assertNull(commands.hget(keys.job(current.jobId()), "results_file"));
        assertTrue(store.recordResultsFile(current, Path.of("/current/file.jsonl")));
        assertEquals("/current/file.jsonl", commands.hget(keys.job(current.jobId()), "results_file"));

        assertEquals(JobQueue.Lease.LOST, queue.renew(stale));
        assertFalse(queue.complete(stale, JobOutcome.completed(null)));
        assertEquals(
                JobRetries.Decision.LEASE_LOST,
                redis.queues(SHORT_LEASE).retries().retryOrGiveUp(stale, JobOutcome.failedRetryable("late", null)));
        assertTrue(queue.complete(current, JobOutcome.completed(null)));
    }

    @Test
    void anOlderFenceIsRefusedEvenWithTheCurrentOwnerToken() {
        String platform = "fence-token";
        enqueue(platform);
        ClaimedJob current = claim(platform);
        ClaimedJob olderFence = new ClaimedJob(current.job(), current.lockToken(), false, current.fence() - 1);
        assertEquals(JobQueue.Lease.LOST, queue.renew(olderFence));
        assertFalse(queue.complete(olderFence, JobOutcome.completed(null)));
        assertFalse(store.replaceResults(olderFence, List.of("{}"), 10));
        assertTrue(queue.complete(current, JobOutcome.completed(null)));
    }

    @Test
    void saveResultOfAStaleWorkerFailsWithoutTouchingTheResults() throws Exception {
        ClaimedJob[] leases = staleAndCurrent("fence-node");
        ClaimedJob stale = leases[0];
        ClaimedJob current = leases[1];
        assertTrue(store.replaceResults(current, List.of("{\"kept\":true}"), 10));
        SaveResultNode node = new SaveResultNode(new ResultsDirectory(resultsDir));

        WorkflowException refused = assertThrows(WorkflowException.class, () -> node.run(context(stale)));
        assertTrue(refused.getMessage().contains("lease"), refused.getMessage());
        assertEquals(List.of("{\"kept\":true}"), store.results(current.jobId(), 0, 10));
        assertNull(commands.hget(keys.job(current.jobId()), "results_file"));

        node.run(context(current));
        assertEquals(0, store.resultCount(current.jobId()), "the current worker's (empty) results replace them");
        assertTrue(commands.hget(keys.job(current.jobId()), "results_file") != null);
        queue.complete(current, JobOutcome.completed(null));
    }

    private NodeContext context(ClaimedJob lease) {
        JobData data = new JobData();
        data.put(ProductData.RESULTS, new ProductData.Results(List.of()));
        NodeDefinition definition = new NodeDefinition(
                "save", "save_result", "save", Json.MAPPER.createObjectNode(), List.of(), RetryPolicy.ONCE, 0);
        return new NodeContext(
                lease.job(),
                Json.MAPPER.createObjectNode(),
                definition,
                definition.config(),
                data,
                null,
                store,
                new JobControl(),
                fraction -> {},
                store.checkpoint(lease.jobId()),
                lease);
    }
}
