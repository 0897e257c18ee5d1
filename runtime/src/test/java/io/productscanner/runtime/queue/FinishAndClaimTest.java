package io.productscanner.runtime.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.redis.RedisKeys;
import io.productscanner.runtime.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A busy worker records a job's outcome and takes the next one in one step; bulk enqueue stores many at once. */
class FinishAndClaimTest {
    private static final Duration SHORT_LEASE = Duration.ofMillis(200);

    @RegisterExtension
    static final TestRedis redis = TestRedis.productionLikePerClass();

    private final RedisCommands<String, String> commands = redis.connections().commands();
    private final RedisKeys keys = redis.keys();
    private final JobQueue queue = redis.queue(Duration.ofSeconds(30));

    private static NewJob newJob(String platform, int priority) {
        return new NewJob(
                UUID.randomUUID().toString(),
                "wf",
                platform,
                priority,
                JsonNodeFactory.instance.objectNode().put("p", priority),
                JsonNodeFactory.instance.objectNode());
    }

    private static String token() {
        return "test:" + UUID.randomUUID();
    }

    @Test
    void aBusyWorkerRecordsEachJobAndTakesTheNextInOrderThenFreesThePlatform() {
        String platform = "streak";
        List<NewJob> jobs = List.of(newJob(platform, 0), newJob(platform, 5), newJob(platform, 0));
        jobs.forEach(queue::enqueue);
        ClaimedJob current = queue.claim(platform, token(), "w").orElseThrow();
        List<String> order = new ArrayList<>(List.of(current.jobId()));
        while (true) {
            String next = token();
            JobQueue.Finished finished = queue.finishAndClaimNext(current, JobOutcome.completed(null), next, "w");
            assertTrue(finished.recorded());
            assertEquals("completed", commands.hget(keys.job(current.jobId()), "status"));
            assertTrue(commands.ttl(keys.job(current.jobId())) > 0, "a finished job expires with the retention");
            if (finished.next().isEmpty()) {
                break;
            }
            ClaimedJob taken = finished.next().get();
            assertEquals(JobStatus.RUNNING, taken.job().status());
            assertEquals(1, taken.job().attempts());
            assertEquals(current.fence() + 1, taken.fence(), "each lease of the platform gets a greater token");
            assertEquals(Long.toString(taken.fence()), commands.hget(keys.job(taken.jobId()), "fence"));
            assertEquals(next, commands.get(keys.lock(platform)), "the lock now carries the next lease's token");
            assertTrue(commands.get(keys.running(platform)).contains(taken.jobId()));
            assertEquals(
                    taken.job().params().path("p").asInt(),
                    jobs.stream()
                            .filter(j -> j.jobId().equals(taken.jobId()))
                            .findFirst()
                            .orElseThrow()
                            .priority());
            order.add(taken.jobId());
            current = taken;
        }
        assertEquals(
                List.of(jobs.get(1).jobId(), jobs.get(0).jobId(), jobs.get(2).jobId()), order);
        assertNull(commands.get(keys.lock(platform)), "an empty queue frees the platform");
        assertNull(commands.get(keys.running(platform)));
        assertEquals(
                Long.toString(current.fence()),
                commands.get(keys.fence(platform)),
                "the fence counter is raised to the last token handed out");
        queue.enqueue(newJob(platform, 0));
        ClaimedJob after = queue.claim(platform, token(), "w").orElseThrow();
        assertEquals(current.fence() + 1, after.fence(), "a later claim continues above every token issued");
    }

    @Test
    void aLostLeaseWritesNothingAndLeavesAnotherWorkersLockAlone() throws Exception {
        String platform = "streak-lost";
        JobQueue shortLease = redis.queue(SHORT_LEASE);
        NewJob first = newJob(platform, 0);
        NewJob second = newJob(platform, 0);
        shortLease.enqueue(first);
        shortLease.enqueue(second);
        ClaimedJob stale = shortLease.claim(platform, token(), "stale").orElseThrow();
        Thread.sleep(SHORT_LEASE.toMillis() * 3);
        ClaimedJob current = queue.claim(platform, token(), "current").orElseThrow();
        assertTrue(current.recovered());
        long ttlBefore = commands.pttl(keys.lock(platform));

        JobQueue.Finished refused = shortLease.finishAndClaimNext(stale, JobOutcome.completed(null), token(), "stale");
        assertFalse(refused.recorded());
        assertTrue(refused.next().isEmpty());
        assertEquals(current.lockToken(), commands.get(keys.lock(platform)), "the current owner keeps the lock");
        assertTrue(commands.pttl(keys.lock(platform)) >= ttlBefore - 1000);
        assertEquals("running", commands.hget(keys.job(first.jobId()), "status"));
        assertEquals(1L, commands.zcard(keys.queue(platform)), "the next job stays queued");

        JobQueue.Finished done = queue.finishAndClaimNext(current, JobOutcome.completed(null), token(), "current");
        assertTrue(done.recorded());
        assertEquals(second.jobId(), done.next().orElseThrow().jobId());
    }

    @Test
    void aFinishAfterTheLockExpiredWithNoOneElseWritesNothingAndTakesNothing() throws Exception {
        String platform = "streak-expired";
        JobQueue shortLease = redis.queue(SHORT_LEASE);
        NewJob only = newJob(platform, 0);
        shortLease.enqueue(only);
        shortLease.enqueue(newJob(platform, 0));
        ClaimedJob stale = shortLease.claim(platform, token(), "stale").orElseThrow();
        Thread.sleep(SHORT_LEASE.toMillis() * 3);
        JobQueue.Finished refused = shortLease.finishAndClaimNext(stale, JobOutcome.completed(null), token(), "stale");
        assertFalse(refused.recorded());
        assertNull(commands.get(keys.lock(platform)), "XX: no lock is created for a lease that is gone");
        assertEquals("running", commands.hget(keys.job(only.jobId()), "status"));
        ClaimedJob recovered = queue.claim(platform, token(), "next").orElseThrow();
        assertEquals(only.jobId(), recovered.jobId(), "the orphan is taken over first, as after a crash");
        assertTrue(recovered.recovered());
    }

    @Test
    void theCancelRequestAndCheckpointOfAFinishedJobAreCleanedUpWhenItMayHaveLeftThem() {
        String platform = "streak-cleanup";
        NewJob job = newJob(platform, 0);
        queue.enqueue(job);
        ClaimedJob claimed = queue.claim(platform, token(), "w").orElseThrow();
        assertEquals(JobQueue.Cancellation.CANCELLING, queue.cancel(job.jobId()));
        commands.hset(keys.checkpoint(job.jobId()), "node", "{}");
        commands.rpush(keys.results(job.jobId()), "{}");
        assertTrue(queue.finishAndClaimNext(claimed, JobOutcome.completed(null), token(), "w")
                .recorded());
        assertEquals(0L, commands.exists(keys.cancel(job.jobId()), keys.checkpoint(job.jobId())));
        assertTrue(commands.ttl(keys.results(job.jobId())) > 0, "results expire with the job");
    }

    @Test
    void aForceReleaseMidStreakKeepsTheFenceCounterAboveEveryTokenIssued() {
        String platform = "streak-force";
        for (int i = 0; i < 3; i++) {
            queue.enqueue(newJob(platform, 0));
        }
        ClaimedJob first = queue.claim(platform, token(), "w").orElseThrow();
        ClaimedJob second = queue.finishAndClaimNext(first, JobOutcome.completed(null), token(), "w")
                .next()
                .orElseThrow();
        assertTrue(
                second.fence() > Long.parseLong(commands.get(keys.fence(platform))),
                "a busy hand-over does not touch the counter");
        PlatformControl.ForcedRelease released = new PlatformControl(commands, keys).forceRelease(platform);
        assertTrue(released.requeued());
        ClaimedJob again = queue.claim(platform, token(), "w2").orElseThrow();
        assertEquals(second.jobId(), again.jobId());
        assertTrue(again.fence() > second.fence());
        assertFalse(
                queue.finishAndClaimNext(second, JobOutcome.completed(null), token(), "w")
                        .recorded(),
                "the forced-out lease cannot record its outcome");
    }

    @Test
    void bulkEnqueueStoresEveryJobPendingAndQueuesThemInPriorityThenListOrder() {
        String platformA = "bulk-a";
        String platformB = "bulk-b";
        List<NewJob> jobs = new ArrayList<>();
        // more batches than calls in flight: the later ones wait for the first, and the order holds across all
        for (int i = 0; i < JobQueue.ENQUEUE_BATCH * (JobQueue.ENQUEUE_CALLS_IN_FLIGHT + 2) + 7; i++) {
            jobs.add(newJob(i % 2 == 0 ? platformA : platformB, i == 9 ? 3 : 0));
        }
        assertEquals(jobs.size(), queue.enqueueAll(jobs));
        assertEquals((jobs.size() + 1) / 2, commands.zcard(keys.queue(platformA)));
        assertEquals(jobs.size() / 2, commands.zcard(keys.queue(platformB)));
        assertEquals(1L, commands.llen(keys.wake(platformA)), "one wake-up per platform whose queue was empty");
        NewJob sample = jobs.get(4);
        assertEquals("pending", commands.hget(keys.job(sample.jobId()), "status"));
        assertEquals("0", commands.hget(keys.job(sample.jobId()), "attempts"));
        assertNotNull(commands.hget(keys.job(sample.jobId()), "created_at"));
        assertNotNull(commands.zscore(keys.jobIndex(), sample.jobId()), "the job is in the history index");

        List<String> expectedB = new ArrayList<>(List.of(jobs.get(9).jobId()));
        jobs.stream()
                .filter(j -> j.platform().equals(platformB) && j != jobs.get(9))
                .forEach(j -> expectedB.add(j.jobId()));
        List<String> takenB = new ArrayList<>();
        ClaimedJob current = queue.claim(platformB, token(), "w").orElseThrow();
        takenB.add(current.jobId());
        while (true) {
            var next = queue.finishAndClaimNext(current, JobOutcome.completed(null), token(), "w")
                    .next();
            if (next.isEmpty()) {
                break;
            }
            current = next.get();
            takenB.add(current.jobId());
        }
        assertEquals(expectedB, takenB);
    }

    @Test
    void aJobQueuedAheadOfTheExpectedNextOneRunsNextAndTheExpectedOneAfterIt() {
        String platform = "overtaken";
        NewJob first = newJob(platform, 0);
        NewJob expected = newJob(platform, 0);
        queue.enqueue(first);
        queue.enqueue(expected);
        ClaimedJob running = queue.claim(platform, token(), "w").orElseThrow();
        assertEquals(first.jobId(), running.jobId());
        NewJob urgent = newJob(platform, 9);
        queue.enqueue(urgent);

        JobQueue.Finished finished = queue.finishAndClaimNext(running, JobOutcome.completed(null), token(), "w");

        assertTrue(finished.recorded());
        assertEquals("completed", commands.hget(keys.job(first.jobId()), "status"));
        ClaimedJob next = finished.next().orElseThrow();
        assertEquals(urgent.jobId(), next.jobId(), "the head changed: the worker claimed the new head");
        assertEquals("pending", commands.hget(keys.job(expected.jobId()), "status"));
        ClaimedJob last = queue.finishAndClaimNext(next, JobOutcome.completed(null), token(), "w")
                .next()
                .orElseThrow();
        assertEquals(expected.jobId(), last.jobId());
        assertFalse(queue.finishAndClaimNext(last, JobOutcome.completed(null), token(), "w")
                .next()
                .isPresent());
        assertEquals(0, commands.hlen(keys.queuedWorkflows(platform)), "every job that left the queue left the hash");
    }

    @Test
    void jobsQueuedBeforeTheQueuedWorkflowHashExistedStillRunInOrder() {
        String platform = "upgraded";
        List<NewJob> jobs = List.of(newJob(platform, 0), newJob(platform, 0), newJob(platform, 0));
        jobs.forEach(queue::enqueue);
        // as the previous version left them: queued, with no entry in the queued-workflow hash
        commands.del(keys.queuedWorkflows(platform));

        List<String> order = new ArrayList<>();
        Optional<ClaimedJob> next = queue.claim(platform, token(), "w");
        while (next.isPresent()) {
            order.add(next.get().jobId());
            assertEquals(
                    0,
                    commands.zscore(
                                            keys.history("pending", platform, "wf"),
                                            next.get().jobId())
                                    == null
                            ? 0
                            : 1,
                    "the taken job left its pending index");
            next = queue.finishAndClaimNext(next.get(), JobOutcome.completed(null), token(), "w")
                    .next();
        }
        assertEquals(jobs.stream().map(NewJob::jobId).toList(), order);
    }
}
