package io.productscanner.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lettuce.core.RedisException;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.metrics.ScannerMetrics;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.NewJob;
import io.productscanner.runtime.queue.Queues;
import io.productscanner.runtime.redis.RedisConnections;
import io.productscanner.runtime.testing.TestRedis;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WorkerPoolTest {
    /** Long enough that a test passing within it proves the wake-up, not the poll, started the job. */
    private static final Duration SAFETY_POLL = Duration.ofSeconds(30);

    @RegisterExtension
    static final TestRedis redis = TestRedis.perClass();

    record Run(String platform, String jobId, String worker, long startNanos, long endNanos) {}

    private static String enqueue(JobQueue queue, String platform) {
        String id = UUID.randomUUID().toString();
        queue.enqueue(new NewJob(
                id, "wf", platform, 0, JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode()));
        return id;
    }

    /** An executor that takes {@code millis} and records when it ran. */
    private static JobExecutor recording(
            String worker, long millis, ConcurrentLinkedQueue<Run> runs, CountDownLatch done) {
        return (job, control) -> {
            long start = System.nanoTime();
            Thread.sleep(millis);
            runs.add(new Run(job.platform(), job.jobId(), worker, start, System.nanoTime()));
            done.countDown();
            return JobOutcome.completed(null);
        };
    }

    @Test
    void twoProcessesServingOnePlatformNeverRunTwoOfItsJobsAtOnce() throws Exception {
        int jobs = 12;
        ConcurrentLinkedQueue<Run> runs = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(jobs);
        try (RedisConnections clientA = redis.newClient();
                RedisConnections clientB = redis.newClient()) {
            Queues queuesA = redis.queues(clientA, Duration.ofSeconds(30));
            JobQueue queueA = queuesA.jobs();
            Queues queuesB = redis.queues(clientB, Duration.ofSeconds(30));
            try (WorkerPool a = WorkerPool.start(
                            clientA,
                            queuesA,
                            List.of("solo"),
                            "worker-a",
                            Duration.ofMillis(50),
                            ScannerMetrics.create(),
                            recording("a", 20, runs, done));
                    WorkerPool b = WorkerPool.start(
                            clientB,
                            queuesB,
                            List.of("solo"),
                            "worker-b",
                            Duration.ofMillis(50),
                            ScannerMetrics.create(),
                            recording("b", 20, runs, done))) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < jobs; i++) {
                    ids.add(enqueue(queueA, "solo"));
                    Thread.sleep(5);
                }
                assertTrue(done.await(30, TimeUnit.SECONDS), "all jobs ran");
                List<Run> ordered = runs.stream()
                        .sorted(Comparator.comparingLong(Run::startNanos))
                        .toList();
                for (int i = 1; i < ordered.size(); i++) {
                    assertTrue(
                            ordered.get(i).startNanos() >= ordered.get(i - 1).endNanos(),
                            "jobs " + ordered.get(i - 1) + " and " + ordered.get(i) + " overlapped");
                }
                assertEquals(ids, ordered.stream().map(Run::jobId).toList(), "FIFO order across both workers");
                awaitStatus(ids, JobStatus.COMPLETED);
            }
        }
    }

    @Test
    void jobsOfDifferentPlatformsRunInParallel() throws Exception {
        ConcurrentLinkedQueue<Run> runs = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(2);
        Queues queues = redis.queues(Duration.ofSeconds(30));
        JobQueue queue = queues.jobs();
        try (WorkerPool pool = WorkerPool.start(
                redis.connections(),
                queues,
                List.of("left", "right"),
                "worker",
                SAFETY_POLL,
                ScannerMetrics.create(),
                recording("w", 400, runs, done))) {
            enqueue(queue, "left");
            enqueue(queue, "right");
            assertTrue(done.await(10, TimeUnit.SECONDS));
            List<Run> both = new ArrayList<>(runs);
            Run first = both.get(0);
            Run second = both.get(1);
            assertTrue(
                    first.startNanos() < second.endNanos() && second.startNanos() < first.endNanos(),
                    "the two platforms' jobs should overlap in time: " + both);
        }
    }

    @Test
    void anIdleWorkerIsWokenByANewJobInsteadOfWaitingForItsPoll() throws Exception {
        ConcurrentLinkedQueue<Run> runs = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(3);
        Queues queues = redis.queues(Duration.ofSeconds(30));
        JobQueue queue = queues.jobs();
        try (WorkerPool pool = WorkerPool.start(
                redis.connections(),
                queues,
                List.of("sleepy"),
                "worker",
                SAFETY_POLL,
                ScannerMetrics.create(),
                recording("w", 0, runs, done))) {
            Thread.sleep(300); // let the worker go idle
            for (int i = 0; i < 3; i++) {
                enqueue(queue, "sleepy");
                Thread.sleep(200);
            }
            // with only the 30 s poll, three jobs spaced out like this could not finish within 10 s
            assertTrue(done.await(10, TimeUnit.SECONDS), "jobs were not started by the wake-up");
        }
    }

    @Test
    void aRunningJobAskedToCancelStopsAndEndsCancelled() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Queues queues = redis.queues(Duration.ofSeconds(30));
        JobQueue queue = queues.jobs();
        JobExecutor untilStopped = (job, control) -> {
            started.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!control.stopRequested() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            return control.cancelled()
                    ? new JobOutcome(JobStatus.CANCELLED, control.stopReason(), null)
                    : JobOutcome.completed(null);
        };
        try (WorkerPool pool = WorkerPool.start(
                redis.connections(),
                queues,
                List.of("cancel"),
                "worker",
                Duration.ofMillis(100),
                ScannerMetrics.create(),
                untilStopped)) {
            String id = enqueue(queue, "cancel");
            assertTrue(started.await(10, TimeUnit.SECONDS));
            assertEquals(JobQueue.Cancellation.CANCELLING, queue.cancel(id));
            awaitStatus(List.of(id), JobStatus.CANCELLED);
        }
    }

    @Test
    void aJobStillRunningAfterTheShutdownGraceGoesBackToTheHeadOfItsQueue() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Queues queues = redis.queues(Duration.ofSeconds(30));
        JobQueue queue = queues.jobs();
        JobExecutor longJob = (job, control) -> {
            started.countDown();
            while (!control.stopRequested()) {
                Thread.sleep(10);
            }
            return JobOutcome.failed("stopped: " + control.stopReason(), null);
        };
        String id;
        String queuedBehind;
        try (WorkerPool pool = WorkerPool.start(
                redis.connections(),
                queues,
                List.of("handback"),
                "worker",
                Duration.ofMillis(100),
                Duration.ofMillis(300),
                ScannerMetrics.create(),
                longJob)) {
            id = enqueue(queue, "handback");
            assertTrue(started.await(10, TimeUnit.SECONDS));
            queuedBehind = enqueue(queue, "handback");
        }
        var job = redis.store().find(id).orElseThrow();
        assertEquals(JobStatus.PENDING, job.status(), "handed back, not failed");
        assertEquals(0, job.attempts(), "a hand-back is not a failed attempt");
        ClaimedJob next = queue.claim("handback", "t", "w").orElseThrow();
        assertEquals(id, next.jobId(), "it goes ahead of the job queued behind it");
        assertTrue(queue.complete(next, JobOutcome.completed(null)));
        assertEquals(
                queuedBehind, queue.claim("handback", "t2", "w").orElseThrow().jobId());
    }

    @Test
    void aFailingJobIsRecordedAsFailedAndTheWorkerCarriesOn() throws Exception {
        CountDownLatch done = new CountDownLatch(2);
        Queues queues = redis.queues(Duration.ofSeconds(30));
        JobQueue queue = queues.jobs();
        JobExecutor failsFirst = (job, control) -> {
            done.countDown();
            if (done.getCount() == 1) {
                throw new IllegalStateException("plugin exploded");
            }
            return JobOutcome.completed(null);
        };
        try (WorkerPool pool = WorkerPool.start(
                redis.connections(),
                queues,
                List.of("flaky"),
                "worker",
                Duration.ofMillis(100),
                ScannerMetrics.create(),
                failsFirst)) {
            String bad = enqueue(queue, "flaky");
            String good = enqueue(queue, "flaky");
            assertTrue(done.await(10, TimeUnit.SECONDS));
            awaitStatus(List.of(good), JobStatus.COMPLETED);
            awaitStatus(List.of(bad), JobStatus.FAILED);
            assertEquals(
                    "IllegalStateException: plugin exploded",
                    redis.store().find(bad).orElseThrow().error());
        }
    }

    @Test
    void aJobWhoseRedisCallsFailedMidRunGetsAnotherRunInsteadOfFailing() throws Exception {
        Queues queues = redis.queues(Duration.ofSeconds(30));
        JobQueue queue = queues.jobs();
        ConcurrentLinkedQueue<Integer> attempts = new ConcurrentLinkedQueue<>();
        // as a node writing its progress while Redis restarts sees it
        JobExecutor redisRestartsOnce = (job, control) -> {
            attempts.add(job.job().attempts());
            if (attempts.size() == 1) {
                throw new RedisException(new SocketException("Connection reset"));
            }
            return JobOutcome.completed(null);
        };
        try (WorkerPool pool = WorkerPool.start(
                redis.connections(),
                queues,
                List.of("blip"),
                "worker",
                Duration.ofMillis(100),
                ScannerMetrics.create(),
                redisRestartsOnce)) {
            String id = enqueue(queue, "blip");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (redis.store().find(id).orElseThrow().status() != JobStatus.COMPLETED) {
                assertTrue(
                        System.nanoTime() < deadline,
                        "job " + redis.store().find(id).orElseThrow());
                assertTrue(redis.store().find(id).orElseThrow().status() != JobStatus.FAILED, "failed for good");
                Thread.sleep(50);
            }
            assertEquals(List.of(1, 2), List.copyOf(attempts));
        }
    }

    private static void awaitStatus(List<String> ids, JobStatus status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (String id : ids) {
            while (redis.store().find(id).orElseThrow().status() != status) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("job " + id + " is "
                            + redis.store().find(id).orElseThrow().status() + ", expected " + status);
                }
                Thread.sleep(20);
            }
        }
    }
}
