package io.productscanner.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.JobRetries;
import io.productscanner.runtime.queue.QueuePolicy;
import io.productscanner.runtime.testing.ApiEnvelope;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The history's indexes by status, platform and workflow, through the real API on a real Redis: jobs are moved
 * through every state change the queue has (run, finish, fail, cancel, retry, dead-letter and requeue, hand-back,
 * forced release, take-over of a dead worker's job), and every filter must list exactly what the unfiltered
 * history, filtered by hand, lists; a filter that matches nothing must read no job record.
 */
class ControlHistoryIndexTest {
    private static final String DEFAULT = PluginRegistry.DEFAULT_QUEUE;
    private static final String ALPHA = ControlApi.PLATFORM;

    @RegisterExtension
    static final ControlApi api = ControlApi.perClass();

    @BeforeAll
    static void start() throws Exception {
        JobQueue queue = api.queue();
        var redis = api.redis().connections();
        QueuePolicy oneAttemptPolicy = QueuePolicy.of(Duration.ofSeconds(30), Duration.ofHours(1))
                .withMaxAttempts(1)
                .withRetryBackoff(Duration.ZERO);
        JobQueue oneAttempt = new JobQueue(redis.commands(), api.redis().keys(), oneAttemptPolicy);
        JobRetries oneAttemptRetries =
                new JobRetries(redis.commands(), api.redis().keys(), oneAttemptPolicy);
        JobQueue shortLease = new JobQueue(
                redis.commands(),
                api.redis().keys(),
                QueuePolicy.of(Duration.ofMillis(100), Duration.ofHours(1))
                        .withMaxAttempts(1)
                        .withRetryBackoff(Duration.ZERO));

        List<String> noop = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            noop.add(api.submit(ControlApi.NOOP));
        }
        assertTrue(queue.complete(claim(queue, DEFAULT, noop.get(0)), JobOutcome.completed(null)));
        assertTrue(queue.complete(claim(queue, DEFAULT, noop.get(1)), JobOutcome.failed("broke", null)));
        assertEquals(JobQueue.Cancellation.CANCELLED, queue.cancel(noop.get(2)));
        // a retryable failure with attempts left: pending again, waiting out its backoff in the scheduled set
        assertEquals(
                JobRetries.Decision.SCHEDULED,
                api.queues()
                        .retries()
                        .retryOrGiveUp(claim(queue, DEFAULT, noop.get(3)), JobOutcome.failedRetryable("flaky", null)));
        // a worker that stops hands its job back
        assertTrue(queue.release(claim(queue, DEFAULT, noop.get(4))));
        // a busy worker finishes one job and takes the next in one step; the next is then freed by hand
        JobQueue.Finished finished = queue.finishAndClaimNext(
                claim(queue, DEFAULT, noop.get(4)), JobOutcome.completed(null), "next-lease", "test-worker");
        assertEquals(noop.get(5), finished.next().orElseThrow().jobId());
        assertTrue(api.queues().platforms().forceRelease(DEFAULT).requeued());
        // attempts used up: failed and dead-lettered, then requeued from the dead letters
        assertEquals(
                JobRetries.Decision.DEAD_LETTERED,
                oneAttemptRetries.retryOrGiveUp(
                        claim(queue, DEFAULT, noop.get(5)), JobOutcome.failedRetryable("gave up", null)));
        assertEquals(JobRetries.Requeue.REQUEUED, api.queues().retries().requeueDead(noop.get(5)));
        assertEquals(
                noop.get(6),
                queue.claim(DEFAULT, "still-running", "test-worker")
                        .orElseThrow()
                        .jobId());

        List<String> alpha = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            alpha.add(api.submit(ControlApi.USE_SCANNER));
        }
        // a worker that dies under its job: the lease runs out and the job, out of attempts, is given up on
        claim(shortLease, ALPHA, alpha.get(0));
        Thread.sleep(200);
        assertEquals(
                alpha.get(1),
                oneAttempt
                        .claim(ALPHA, "after-the-dead", "test-worker")
                        .orElseThrow()
                        .jobId());
        assertTrue(oneAttempt.complete(
                new ClaimedJob(
                        api.redis().store().find(alpha.get(1)).orElseThrow(),
                        "after-the-dead",
                        false,
                        fence(alpha.get(1))),
                JobOutcome.completed(null)));
        assertEquals(JobQueue.Cancellation.CANCELLED, queue.cancel(alpha.get(2)));
        claim(queue, ALPHA, alpha.get(3));
        // a cancel request leaves a running job running until its worker stops it
        assertEquals(JobQueue.Cancellation.CANCELLING, queue.cancel(alpha.get(3)));
    }

    private static long fence(String jobId) {
        return Long.parseLong(
                api.redis().connections().commands().hget(api.redis().keys().job(jobId), "fence"));
    }

    private static ClaimedJob claim(JobQueue queue, String platform, String expected) {
        ClaimedJob claimed =
                queue.claim(platform, "lease-" + expected, "test-worker").orElseThrow();
        assertEquals(expected, claimed.jobId());
        return claimed;
    }

    private static List<JsonNode> history(String query) throws Exception {
        HttpResponse<String> response = api.get("/api/v2/jobs?limit=500" + query);
        assertEquals(200, response.statusCode(), response.body());
        List<JsonNode> jobs = new ArrayList<>();
        ApiEnvelope.data(response).path("jobs").forEach(jobs::add);
        return jobs;
    }

    private static List<String> ids(List<JsonNode> jobs) {
        return jobs.stream().map(job -> job.path("job_id").asText()).toList();
    }

    @Test
    void everyFilterListsWhatTheWholeHistoryHolds() throws Exception {
        List<JsonNode> all = history("");
        assertEquals(13, all.size());
        for (Optional<String> status : Stream.concat(
                        Stream.of(Optional.<String>empty()),
                        Arrays.stream(JobStatus.values()).map(s -> Optional.of(s.wireName())))
                .toList()) {
            for (Optional<String> platform :
                    List.of(Optional.<String>empty(), Optional.of(DEFAULT), Optional.of(ALPHA))) {
                for (Optional<String> workflow : List.of(
                        Optional.<String>empty(), Optional.of(ControlApi.NOOP), Optional.of(ControlApi.USE_SCANNER))) {
                    String query = status.map(s -> "&status=" + s).orElse("")
                            + platform.map(p -> "&platform=" + p).orElse("")
                            + workflow.map(w -> "&workflow_id=" + w).orElse("");
                    List<String> expected = ids(all.stream()
                            .filter(job ->
                                    status.map(s -> s.equals(job.path("status").asText()))
                                                    .orElse(true)
                                            && platform.map(p -> p.equals(
                                                            job.path("platform").asText()))
                                                    .orElse(true)
                                            && workflow.map(w -> w.equals(job.path("workflow_id")
                                                            .asText()))
                                                    .orElse(true))
                            .toList());
                    assertEquals(expected, ids(history(query)), query);
                }
            }
        }
        // each state is there, so the comparison above covered every index
        for (JobStatus status : JobStatus.values()) {
            assertFalse(history("&status=" + status.wireName()).isEmpty(), status.wireName());
        }
    }

    @Test
    void aQueryThatMatchesNothingReadsNoJob() throws Exception {
        List<String> empty = List.of(
                "&status=running&workflow_id=" + ControlApi.USE_SCANNER + "&platform=" + DEFAULT,
                "&status=cancelled&workflow_id=" + ControlApi.NOOP + "&platform=" + ALPHA,
                "&platform=" + ALPHA + "&workflow_id=" + ControlApi.NOOP);
        for (String query : empty) {
            long before = hgetallCalls();
            assertEquals(List.of(), history(query), query);
            assertEquals(0, hgetallCalls() - before, query + " read job records");
        }
        // and a query that matches reads the records it lists, not the others
        long before = hgetallCalls();
        List<JsonNode> completed = history("&status=completed&platform=" + DEFAULT);
        assertEquals(2, completed.size());
        assertEquals(2, hgetallCalls() - before);
    }

    private static long hgetallCalls() {
        String stats = api.redis().connections().commands().info("commandstats");
        return Arrays.stream(stats.split("\r?\n"))
                .filter(line -> line.startsWith("cmdstat_hgetall:"))
                .flatMap(line ->
                        Arrays.stream(line.substring(line.indexOf(':') + 1).split(",")))
                .filter(part -> part.startsWith("calls="))
                .mapToLong(part -> Long.parseLong(part.substring(6)))
                .sum();
    }

    @Test
    void jobsStoredBeforeTheIndexesExistedAreIndexedOnceAtStart() throws Exception {
        List<JsonNode> all = history("");
        var redis = api.redis().connections().commands();
        List<String> before = ids(history("&status=completed"));
        // the layout an older version left: the every-job index only
        List<String> indexKeys = redis.keys(api.redis().keys().historyPrefix() + "*");
        redis.del(indexKeys.toArray(String[]::new));
        assertEquals(List.of(), history("&status=completed"));

        assertEquals(
                all.stream()
                        .filter(job -> !job.path("status").asText().equals("running"))
                        .count(),
                api.redis().store().history().indexRetainedJobs());
        assertEquals(before, ids(history("&status=completed")));
        assertEquals(
                ids(all.stream()
                        .filter(job -> job.path("platform").asText().equals(ALPHA))
                        .toList()),
                ids(history("&platform=" + ALPHA)));
        assertEquals(0, api.redis().store().history().indexRetainedJobs(), "done once per Redis");
    }
}
