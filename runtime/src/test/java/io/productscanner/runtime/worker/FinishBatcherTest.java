package io.productscanner.runtime.worker;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.NewJob;
import io.productscanner.runtime.redis.RedisKeys;
import io.productscanner.runtime.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Platform workers finishing at the same time share script calls, and each still gets its own platform's answer. */
class FinishBatcherTest {
    private static TestRedis redis;
    private static RedisCommands<String, String> commands;
    private static RedisKeys keys;
    private static JobQueue queue;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = TestRedis.start();
        commands = redis.connections().commands();
        keys = redis.keys();
        queue = redis.queue(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void concurrentStreaksOnManyPlatformsEachRunTheirOwnJobsInOrderAndFreeTheirPlatforms() throws Exception {
        int platforms = 12;
        int jobsPerPlatform = 150;
        Map<String, List<String>> queued = new ConcurrentHashMap<>();
        List<NewJob> jobs = new ArrayList<>();
        for (int p = 0; p < platforms; p++) {
            String platform = "batch-" + p;
            List<String> ids = new ArrayList<>();
            for (int j = 0; j < jobsPerPlatform; j++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                jobs.add(new NewJob(id, "wf", platform, 0, JsonNodeFactory.instance.objectNode(),
                        JsonNodeFactory.instance.objectNode()));
            }
            queued.put(platform, ids);
        }
        queue.enqueueAll(jobs);
        FinishBatcher batcher = new FinishBatcher(queue);
        AtomicInteger tokens = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(platforms);
        try {
            List<Future<List<String>>> streaks = new ArrayList<>();
            for (String platform : queued.keySet()) {
                streaks.add(threads.submit(() -> {
                    List<String> ran = new ArrayList<>();
                    Optional<ClaimedJob> current = queue.claim(platform, "t" + tokens.incrementAndGet(), "w");
                    while (current.isPresent()) {
                        ClaimedJob job = current.get();
                        assertEquals(platform, job.platform(), "each worker gets its own platform's next job");
                        ran.add(job.jobId());
                        JobQueue.Finished finished = batcher.finish(new JobQueue.FinishRequest(job,
                                JobOutcome.completed(null), "t" + tokens.incrementAndGet(), "w", false));
                        assertTrue(finished.recorded());
                        current = finished.next();
                    }
                    return ran;
                }));
            }
            List<List<String>> ran = new ArrayList<>();
            for (Future<List<String>> streak : streaks) {
                ran.add(streak.get());
            }
            List<String> expected = new ArrayList<>(queued.keySet());
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(queued.get(expected.get(i)), ran.get(i), "FIFO within the platform, every job once");
            }
        } finally {
            threads.shutdownNow();
        }
        for (String platform : queued.keySet()) {
            assertNull(commands.get(keys.lock(platform)), "each platform is freed when its queue is empty");
            for (String id : queued.get(platform)) {
                assertEquals("completed", commands.hget(keys.job(id), "status"));
            }
        }
    }

    @Test
    void aFailedCallIsThrownToTheWorkerWhoseRetryThenRecordsTheJobOnce() throws Exception {
        String platform = "batch-failure";
        String id = UUID.randomUUID().toString();
        queue.enqueue(new NewJob(id, "wf", platform, 0, JsonNodeFactory.instance.objectNode(),
                JsonNodeFactory.instance.objectNode()));
        ClaimedJob job = queue.claim(platform, "owner-1", "w").orElseThrow();
        TestRedis other = TestRedis.start();
        JobQueue unreachable = other.queue(Duration.ofSeconds(30));
        other.close();
        FinishBatcher offline = new FinishBatcher(unreachable);
        assertThrows(RuntimeException.class, () -> offline.finish(new JobQueue.FinishRequest(job,
                JobOutcome.completed(null), "owner-2", "w", false)), "Redis unreachable: the worker is told");
        FinishBatcher batcher = new FinishBatcher(queue);
        JobQueue.Finished done = batcher.finish(new JobQueue.FinishRequest(job, JobOutcome.completed(null),
                "owner-2", "w", false));
        assertTrue(done.recorded(), "the retry through a reachable Redis records the job");
        assertFalse(batcher.finish(new JobQueue.FinishRequest(job, JobOutcome.completed(null), "owner-3", "w",
                false)).recorded(), "a second finish of the same lease is refused");
    }
}
