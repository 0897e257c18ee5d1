package io.productscanner.runtime.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.testing.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JobQueueTest {
    @RegisterExtension
    static final TestRedis redis = TestRedis.productionLikePerClass();

    private static JobQueue queue;

    @BeforeAll
    static void openQueue() throws Exception {
        queue = redis.queue(Duration.ofSeconds(30));
    }

    private static String enqueue(String platform, int priority) {
        String id = UUID.randomUUID().toString();
        queue.enqueue(new NewJob(
                id,
                "wf-" + platform,
                platform,
                priority,
                JsonNodeFactory.instance.objectNode().put("n", priority),
                JsonNodeFactory.instance.objectNode()));
        return id;
    }

    private static ClaimedJob claimAndFinish(String platform) {
        ClaimedJob job = queue.claim(platform, UUID.randomUUID().toString(), "test-worker")
                .orElseThrow();
        assertTrue(queue.complete(job, JobOutcome.completed(null)));
        return job;
    }

    @Test
    void higherPriorityRunsFirstAndEqualPrioritiesRunInArrivalOrder() {
        String platform = "order";
        String low1 = enqueue(platform, 0);
        String high1 = enqueue(platform, 10);
        String low2 = enqueue(platform, 0);
        String high2 = enqueue(platform, 10);
        String negative = enqueue(platform, -5);
        String low3 = enqueue(platform, 0);

        List<String> ran = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ran.add(claimAndFinish(platform).jobId());
        }
        assertEquals(List.of(high1, high2, low1, low2, low3, negative), ran);
        assertTrue(queue.claim(platform, "t", "w").isEmpty());
    }

    @Test
    void claimMarksTheJobRunningAndRecordsItAsThePlatformsRunningJob() {
        String id = enqueue("claim", 3);
        ClaimedJob job = queue.claim("claim", "token-1", "worker-a").orElseThrow();

        assertEquals(id, job.jobId());
        assertEquals(JobStatus.RUNNING, job.job().status());
        assertEquals(1, job.job().attempts());
        assertEquals("worker-a", job.job().worker());
        // timestamps come from the Redis clock, rendered by Lua: they must agree with ours
        Instant started = Instant.parse(job.job().startedAt());
        assertTrue(
                Math.abs(Duration.between(started, Instant.now()).toSeconds()) < 5,
                job.job().startedAt());
        assertTrue(!Instant.parse(job.job().createdAt()).isAfter(started));
        assertEquals("wf-claim", job.job().workflowId());
        assertEquals(3, job.job().params().path("n").asInt());
        var running = Json.read(redis.connections().commands().get(redis.keys().running("claim")));
        assertEquals(id, running.path("job_id").asText());
        assertEquals("wf-claim", running.path("workflow_id").asText());
        assertEquals(job.job().startedAt(), running.path("started_at").asText());
        assertEquals("token-1", redis.connections().commands().get(redis.keys().lock("claim")));
        assertEquals(0, redis.connections().commands().zcard(redis.keys().queue("claim")));
        assertTrue(queue.complete(job, JobOutcome.completed(null)));
    }

    @Test
    void aHeldLockKeepsTheQueueIntactUntilItsOwnerCompletes() {
        String first = enqueue("locked", 0);
        String second = enqueue("locked", 0);
        ClaimedJob running = queue.claim("locked", "owner", "worker-a").orElseThrow();
        assertEquals(first, running.jobId());

        assertTrue(queue.claim("locked", "intruder", "worker-b").isEmpty(), "platform lock must exclude a second job");
        assertEquals(1, redis.connections().commands().zcard(redis.keys().queue("locked")));

        assertTrue(queue.complete(running, JobOutcome.completed(null)));
        assertNull(redis.connections().commands().get(redis.keys().running("locked")));
        ClaimedJob next = queue.claim("locked", "intruder", "worker-b").orElseThrow();
        assertEquals(second, next.jobId());
        assertTrue(queue.complete(next, JobOutcome.completed(null)));
    }

    @Test
    void aWorkerThatLostItsLeaseCannotRecordOrReleaseAnotherWorkersLock() {
        enqueue("lease", 0);
        ClaimedJob job = queue.claim("lease", "mine", "worker-a").orElseThrow();
        // the lease ran out and another worker took the platform
        redis.connections().commands().set(redis.keys().lock("lease"), "someone-else");

        assertEquals(JobQueue.Lease.LOST, queue.renew(job));
        assertFalse(queue.complete(job, JobOutcome.completed(null)));
        assertEquals(
                "someone-else", redis.connections().commands().get(redis.keys().lock("lease")));
        Map<String, String> hash =
                redis.connections().commands().hgetall(redis.keys().job(job.jobId()));
        assertEquals("running", hash.get(JobRecord.STATUS), "a lost lease must not overwrite the job");
        redis.connections()
                .commands()
                .del(redis.keys().lock("lease"), redis.keys().running("lease"));
    }

    @Test
    void renewExtendsTheLeaseOfTheOwner() throws InterruptedException {
        JobQueue shortLease = redis.queue(Duration.ofMillis(300));
        enqueue("renew", 0);
        ClaimedJob job = shortLease.claim("renew", "owner", "w").orElseThrow();
        for (int i = 0; i < 4; i++) {
            Thread.sleep(150);
            assertEquals(JobQueue.Lease.HELD, shortLease.renew(job), "renewal " + i);
        }
        assertEquals("owner", redis.connections().commands().get(redis.keys().lock("renew")));
        Thread.sleep(500);
        assertNull(redis.connections().commands().get(redis.keys().lock("renew")), "an unrenewed lease expires");
        assertEquals(JobQueue.Lease.LOST, shortLease.renew(job));
    }

    @Test
    void aJobWhoseWorkerDiedIsTakenOverFirstOnceItsLeaseRunsOut() throws InterruptedException {
        JobQueue shortLease = redis.queue(Duration.ofMillis(200));
        String orphan = enqueue("orphan", 0);
        ClaimedJob dying = shortLease.claim("orphan", "dead-worker", "worker-a").orElseThrow();
        assertEquals(orphan, dying.jobId());
        String waiting = enqueue("orphan", 5);

        assertTrue(shortLease.claim("orphan", "early", "worker-b").isEmpty(), "the lease still protects the job");
        Thread.sleep(400); // worker-a never renews: its lease runs out

        ClaimedJob takenOver = shortLease.claim("orphan", "rescuer", "worker-b").orElseThrow();
        assertEquals(orphan, takenOver.jobId(), "the orphan goes ahead of the queued job, even a higher priority one");
        assertTrue(takenOver.recovered());
        assertEquals(2, takenOver.job().attempts());
        assertEquals("worker-b", takenOver.job().worker());
        assertEquals(1, redis.connections().commands().zcard(redis.keys().queue("orphan")));
        assertFalse(shortLease.complete(dying, JobOutcome.completed(null)), "the dead worker's token is void");
        assertTrue(shortLease.complete(takenOver, JobOutcome.completed(null)));

        ClaimedJob next = shortLease.claim("orphan", "t", "worker-b").orElseThrow();
        assertEquals(waiting, next.jobId());
        assertFalse(next.recovered());
        assertTrue(shortLease.complete(next, JobOutcome.completed(null)));
    }

    @Test
    void aJobWhoseWorkersKeepDyingIsDeadLetteredAfterMaxAttempts() throws InterruptedException {
        JobQueue twoTries = new JobQueue(
                redis.connections().commands(),
                redis.keys(),
                QueuePolicy.of(Duration.ofMillis(150), Duration.ofHours(1)).withMaxAttempts(2));
        String poison = enqueue("poison", 0);
        String next = enqueue("poison", 0);
        assertEquals(
                poison, twoTries.claim("poison", "w1", "worker-1").orElseThrow().jobId());
        Thread.sleep(300); // worker-1 dies
        ClaimedJob second = twoTries.claim("poison", "w2", "worker-2").orElseThrow();
        assertEquals(poison, second.jobId());
        assertEquals(2, second.job().attempts());
        Thread.sleep(300); // worker-2 dies too

        ClaimedJob third = twoTries.claim("poison", "w3", "worker-3").orElseThrow();
        assertEquals(next, third.jobId(), "the platform moves on past the job that kills its workers");
        JobRecord dead = redis.store().find(poison).orElseThrow();
        assertEquals(JobStatus.FAILED, dead.status());
        assertTrue(dead.error().contains("stopped without finishing it 2 times"), dead.error());
        assertTrue(redis.connections().commands().zscore(redis.keys().deadLetters(), poison) != null);
        assertTrue(twoTries.complete(third, JobOutcome.completed(null)));
    }

    @Test
    void anOrphanIsRecoveredEvenWhenNothingElseIsQueued() throws InterruptedException {
        JobQueue shortLease = redis.queue(Duration.ofMillis(150));
        String orphan = enqueue("lonely", 0);
        shortLease.claim("lonely", "dead-worker", "worker-a").orElseThrow();
        Thread.sleep(300);
        ClaimedJob takenOver = shortLease.claim("lonely", "rescuer", "worker-b").orElseThrow();
        assertEquals(orphan, takenOver.jobId());
        assertTrue(shortLease.complete(takenOver, JobOutcome.completed(null)));
        assertTrue(shortLease.claim("lonely", "t", "w").isEmpty());
    }

    @Test
    void cancellingAQueuedJobRemovesItAndEndsItAtOnce() {
        String keep = enqueue("cancel-q", 0);
        String drop = enqueue("cancel-q", 0);
        assertEquals(JobQueue.Cancellation.CANCELLED, queue.cancel(drop));
        assertEquals(1, redis.connections().commands().zcard(redis.keys().queue("cancel-q")));
        JobRecord dropped = redis.store().find(drop).orElseThrow();
        assertEquals(JobStatus.CANCELLED, dropped.status());
        assertTrue(dropped.completedAt() != null);
        assertEquals(JobQueue.Cancellation.ALREADY_FINISHED, queue.cancel(drop));
        assertEquals(
                JobQueue.Cancellation.NOT_FOUND, queue.cancel(UUID.randomUUID().toString()));
        assertEquals(keep, claimAndFinish("cancel-q").jobId());
    }

    @Test
    void aRunningJobLearnsOfItsCancelRequestWhenItRenewsItsLease() {
        enqueue("cancel-r", 0);
        ClaimedJob running = queue.claim("cancel-r", "owner", "w").orElseThrow();
        assertEquals(JobQueue.Lease.HELD, queue.renew(running));
        assertEquals(JobQueue.Cancellation.CANCELLING, queue.cancel(running.jobId()));
        assertEquals(JobQueue.Lease.HELD_CANCEL_REQUESTED, queue.renew(running));
        assertTrue(queue.complete(running, new JobOutcome(JobStatus.CANCELLED, "cancelled on request", null)));
        assertEquals(
                JobStatus.CANCELLED,
                redis.store().find(running.jobId()).orElseThrow().status());
        assertEquals(
                0,
                redis.connections().commands().exists(redis.keys().cancel(running.jobId())),
                "the request goes with the job");
    }

    @Test
    void completeRecordsStatusErrorSummaryAndFreesThePlatform() {
        String id = enqueue("done", 0);
        ClaimedJob job = queue.claim("done", "t", "w").orElseThrow();
        var summary = JsonNodeFactory.instance.objectNode().put("total", 2);
        assertTrue(queue.complete(job, JobOutcome.failed("boom", summary)));

        JobRecord stored = redis.store().find(id).orElseThrow();
        assertEquals(JobStatus.FAILED, stored.status());
        assertEquals("boom", stored.error());
        assertEquals(2, stored.summary().path("total").asInt());
        assertTrue(stored.completedAt() != null && stored.completedAt().endsWith("Z"));
        assertNull(redis.connections().commands().get(redis.keys().lock("done")));
        assertTrue(redis.connections().commands().ttl(redis.keys().job(id)) > 0, "finished jobs expire");
        Optional<ClaimedJob> none = queue.claim("done", "t2", "w");
        assertTrue(none.isEmpty());
    }
}
