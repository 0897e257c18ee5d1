package io.productscanner.runtime.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.JobRetries;
import io.productscanner.runtime.queue.NewJob;
import io.productscanner.runtime.queue.QueuePolicy;
import io.productscanner.runtime.redis.RedisConnections;
import io.productscanner.runtime.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Movers in several processes race for the same due retries: each job is queued exactly once. */
class RetryMoverRaceTest {
    private static final int JOBS = 60;

    @RegisterExtension
    static final TestRedis redis = TestRedis.productionLikePerClass();

    @Test
    void twoMoversRacingQueueEachDueJobOnce() throws Exception {
        RedisCommands<String, String> commands = redis.connections().commands();
        // no backoff: every retry is due at once
        QueuePolicy noBackoff =
                QueuePolicy.of(Duration.ofSeconds(30), Duration.ofHours(1)).withRetryBackoff(Duration.ZERO);
        JobQueue queue = new JobQueue(commands, redis.keys(), noBackoff);
        JobRetries retries = new JobRetries(commands, redis.keys(), noBackoff);
        List<String> platforms = List.of("a", "b", "c");
        for (int i = 0; i < JOBS; i++) {
            String platform = platforms.get(i % platforms.size());
            queue.enqueue(new NewJob(
                    UUID.randomUUID().toString(),
                    "wf",
                    platform,
                    0,
                    JsonNodeFactory.instance.objectNode(),
                    JsonNodeFactory.instance.objectNode()));
            ClaimedJob job =
                    queue.claim(platform, UUID.randomUUID().toString(), "w").orElseThrow();
            assertEquals(
                    JobRetries.Decision.SCHEDULED,
                    retries.retryOrGiveUp(job, JobOutcome.failedRetryable("timed out", null)));
        }
        assertEquals(JOBS, commands.zcard(redis.keys().scheduled()));
        long sequenceBefore = Long.parseLong(commands.get(redis.keys().sequence()));

        try (RedisConnections first = redis.newClient();
                RedisConnections second = redis.newClient()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Long>> movers = new ArrayList<>();
            for (RedisConnections client : List.of(first, second)) {
                JobRetries processRetries = new JobRetries(client.commands(), redis.keys(), noBackoff);
                movers.add(() -> {
                    start.await();
                    long moved = 0;
                    // small batches, so the two movers interleave many times
                    while (client.commands().zcard(redis.keys().scheduled()) > 0) {
                        moved += processRetries.moveDueRetries(3);
                    }
                    return moved;
                });
            }
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                List<Future<Long>> results =
                        movers.stream().map(threads::submit).toList();
                start.countDown();
                long total = 0;
                for (Future<Long> result : results) {
                    total += result.get();
                }
                assertEquals(JOBS, total, "every job moved once, by one mover");
            } finally {
                threads.shutdownNow();
            }
        }
        long queued = platforms.stream()
                .mapToLong(p -> commands.zcard(redis.keys().queue(p)))
                .sum();
        assertEquals(JOBS, queued);
        assertEquals(
                sequenceBefore + JOBS,
                Long.parseLong(commands.get(redis.keys().sequence())),
                "one fresh sequence number per moved job");
    }
}
