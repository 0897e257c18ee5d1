package io.productscanner.runtime.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.JobRetries;
import io.productscanner.runtime.queue.NewJob;
import io.productscanner.runtime.queue.QueuePolicy;
import io.productscanner.runtime.redis.RedisKeys;
import io.productscanner.runtime.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retryable failures wait in the scheduled set with a growing backoff, come back when due, then dead-letter. */
class RetryScheduleTest {
    private static final Duration BACKOFF = Duration.ofMillis(300);

    @RegisterExtension
    static final TestRedis redis = TestRedis.perClass();

    private static RedisCommands<String, String> commands;
    private static RedisKeys keys;
    private static JobQueue queue;
    private static JobRetries retries;

    @BeforeAll
    static void queueWithShortBackoff() throws Exception {
        commands = redis.connections().commands();
        keys = redis.keys();
        QueuePolicy policy =
                QueuePolicy.of(Duration.ofSeconds(30), Duration.ofHours(1)).withRetryBackoff(BACKOFF);
        queue = new JobQueue(commands, keys, policy);
        retries = new JobRetries(commands, keys, policy);
    }

    private static String enqueue(String platform, int priority) {
        String id = UUID.randomUUID().toString();
        queue.enqueue(new NewJob(
                id,
                "wf",
                platform,
                priority,
                JsonNodeFactory.instance.objectNode(),
                JsonNodeFactory.instance.objectNode()));
        return id;
    }

    private static ClaimedJob claim(String platform) {
        return queue.claim(platform, UUID.randomUUID().toString(), "test-worker")
                .orElseThrow();
    }

    private static long redisMillis() {
        List<String> time = commands.time();
        return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    }

    /** Fails the claimed job retryably and returns the delay its scheduled score implies, bounded by Redis time. */
    private static long failAndMeasureDelay(ClaimedJob job, long expectedBase) {
        long before = redisMillis();
        assertEquals(
                JobRetries.Decision.SCHEDULED,
                retries.retryOrGiveUp(
                        job, JobOutcome.failedRetryable("attempt " + job.job().attempts() + " timed out", null)));
        long after = redisMillis();
        long due = commands.zscore(keys.scheduled(), job.jobId()).longValue();
        assertTrue(
                due >= before + expectedBase && due <= after + expectedBase + expectedBase / 10,
                "due " + (due - before) + " ms after the failure, expected " + expectedBase + " ms + up to 10%");
        return due;
    }

    private static void awaitMoved(long due) throws InterruptedException {
        assertEquals(0, retries.moveDueRetries(10), "nothing is due yet");
        while (redisMillis() <= due) {
            Thread.sleep(20);
        }
        assertEquals(1, retries.moveDueRetries(10));
    }

    @Test
    void aRetryableFailureComesBackWithADoublingDelayAndIsDeadLetteredAfterMaxAttempts() throws Exception {
        String platform = "flaky";
        String id = enqueue(platform, 0);
        commands.hset(keys.checkpoint(id), "fetch", "{\"done\":true}");

        long firstDue = failAndMeasureDelay(claim(platform), BACKOFF.toMillis());
        var pending = redis.store().find(id).orElseThrow();
        assertEquals(JobStatus.PENDING, pending.status());
        assertEquals("attempt 1 timed out", commands.hget(keys.job(id), "last_error"));
        assertFalse(commands.exists(keys.lock(platform)) > 0, "the platform is free while the job waits");
        assertTrue(queue.claim(platform, "t", "w").isEmpty(), "a waiting retry is not in the queue");
        awaitMoved(firstDue);
        assertEquals(1, commands.exists(keys.checkpoint(id)), "the checkpoint stays, so the retry resumes");

        ClaimedJob second = claim(platform);
        assertEquals(id, second.jobId());
        assertEquals(2, second.job().attempts());
        awaitMoved(failAndMeasureDelay(second, 2 * BACKOFF.toMillis()));

        ClaimedJob third = claim(platform);
        assertEquals(
                JobRetries.Decision.DEAD_LETTERED,
                retries.retryOrGiveUp(third, JobOutcome.failedRetryable("still failing", null)));
        var dead = redis.store().find(id).orElseThrow();
        assertEquals(JobStatus.FAILED, dead.status());
        assertEquals("still failing", dead.error());
        assertTrue(commands.zscore(keys.deadLetters(), id) != null, "dead-lettered");
        assertNull(commands.zscore(keys.scheduled(), id));
        assertFalse(commands.exists(keys.lock(platform)) > 0);
    }

    @Test
    void aNonRetryableFailureEndsAtOnce() {
        String id = enqueue("broken", 0);
        assertTrue(queue.complete(claim("broken"), JobOutcome.failed("workflow 'wf' is not served", null)));
        assertEquals(JobStatus.FAILED, redis.store().find(id).orElseThrow().status());
        assertNull(commands.zscore(keys.scheduled(), id));
        assertNull(commands.zscore(keys.deadLetters(), id));
    }

    @Test
    void aRetryableOutcomeGivenToCompleteIsScheduledNotFinal() {
        String id = enqueue("via-complete", 0);
        assertTrue(queue.complete(claim("via-complete"), JobOutcome.failedRetryable("timed out", null)));
        assertEquals(JobStatus.PENDING, redis.store().find(id).orElseThrow().status());
        assertTrue(commands.zscore(keys.scheduled(), id) != null);
        // the tests share the scheduled set: a cancelled retry is dropped, not counted, by the other tests' moves
        assertEquals(JobQueue.Cancellation.CANCELLED, queue.cancel(id));
    }

    @Test
    void aDueRetryQueuesBehindTheJobsOfItsPriorityAndAheadOfLowerOnes() throws Exception {
        String platform = "fifo";
        String retried = enqueue(platform, 5);
        long due = failAndMeasureDelay(claim(platform), BACKOFF.toMillis());
        String samePriority = enqueue(platform, 5);
        String lower = enqueue(platform, 0);
        awaitMoved(due);
        assertEquals(samePriority, claimAndComplete(platform));
        assertEquals(retried, claimAndComplete(platform));
        assertEquals(lower, claimAndComplete(platform));
    }

    private static String claimAndComplete(String platform) {
        ClaimedJob job = claim(platform);
        assertTrue(queue.complete(job, JobOutcome.completed(null)));
        return job.jobId();
    }

    @Test
    void aRetryCancelledWhileWaitingIsDroppedNotQueued() throws Exception {
        String platform = "cancel-wait";
        String id = enqueue(platform, 0);
        long due = failAndMeasureDelay(claim(platform), BACKOFF.toMillis());
        assertEquals(JobQueue.Cancellation.CANCELLED, queue.cancel(id));
        while (redisMillis() <= due) {
            Thread.sleep(20);
        }
        assertEquals(0, retries.moveDueRetries(10));
        assertNull(commands.zscore(keys.scheduled(), id), "dropped from the scheduled set");
        assertEquals(0, commands.zcard(keys.queue(platform)));
        assertEquals(JobStatus.CANCELLED, redis.store().find(id).orElseThrow().status());
    }

    @Test
    void aCancelRequestedWhileRunningWinsOverTheRetry() {
        String id = enqueue("cancel-run", 0);
        ClaimedJob job = claim("cancel-run");
        assertEquals(JobQueue.Cancellation.CANCELLING, queue.cancel(id));
        assertEquals(
                JobRetries.Decision.CANCELLED,
                retries.retryOrGiveUp(job, JobOutcome.failedRetryable("timed out", null)));
        assertEquals(JobStatus.CANCELLED, redis.store().find(id).orElseThrow().status());
        assertNull(commands.zscore(keys.scheduled(), id));
    }

    @Test
    void theBackoffDoublesPerAttemptIsCappedAndGetsAtMostTenPercentJitter() {
        JobRetries fiveSeconds = new JobRetries(
                commands,
                keys,
                QueuePolicy.of(Duration.ofSeconds(30), Duration.ofHours(1)).withRetryBackoff(Duration.ofSeconds(5)));
        assertEquals(Duration.ofSeconds(5), fiveSeconds.retryDelay(1, 0));
        assertEquals(Duration.ofSeconds(10), fiveSeconds.retryDelay(2, 0));
        assertEquals(Duration.ofSeconds(20), fiveSeconds.retryDelay(3, 0));
        assertEquals(Duration.ofMinutes(10), fiveSeconds.retryDelay(9, 0), "capped at 10 minutes");
        assertEquals(Duration.ofMinutes(10), fiveSeconds.retryDelay(1000, 0), "no overflow for many attempts");
        assertEquals(Duration.ofMillis(5499), fiveSeconds.retryDelay(1, 0.9999));
    }
}
