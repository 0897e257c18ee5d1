package io.productscanner.runtime.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.redis.RedisKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What runs, what waits and what is paused on each platform right now, read in one pipelined round trip. */
public final class PlatformActivity {
    private final RedisAsyncCommands<String, String> async;
    private final RedisKeys keys;
    private final Clock clock;

    public PlatformActivity(RedisAsyncCommands<String, String> async, RedisKeys keys, Clock clock) {
        this.async = async;
        this.keys = keys;
        this.clock = clock;
    }

    /** A job now running on a platform. */
    public record RunningJob(
            String platform, String jobId, String workflowId, String startedAt, long elapsedSeconds, String worker) {}

    /** The running jobs, the queue depth of every platform given that has jobs queued, and its paused queues. */
    public record Snapshot(List<RunningJob> running, Map<String, Long> queued, Set<String> paused) {}

    public Snapshot read(List<String> platforms) {
        List<RedisFuture<String>> runningReplies = new ArrayList<>();
        List<RedisFuture<Long>> queueReplies = new ArrayList<>();
        List<RedisFuture<Long>> pausedReplies = new ArrayList<>();
        for (String platform : platforms) {
            runningReplies.add(async.get(keys.running(platform)));
            queueReplies.add(async.zcard(keys.queue(platform)));
            pausedReplies.add(async.exists(keys.paused(platform)));
        }
        Instant now = clock.instant();
        List<RunningJob> running = new ArrayList<>();
        Map<String, Long> queued = new LinkedHashMap<>();
        Set<String> paused = new LinkedHashSet<>();
        for (int i = 0; i < platforms.size(); i++) {
            String platform = platforms.get(i);
            String record = await(runningReplies.get(i));
            if (record != null) {
                JsonNode node = Json.read(record);
                String startedAt = node.path("started_at").asText(null);
                long elapsed = startedAt == null
                        ? 0
                        : Math.max(
                                0,
                                Duration.between(Instant.parse(startedAt), now).toSeconds());
                running.add(new RunningJob(
                        platform,
                        node.path("job_id").asText(),
                        node.path("workflow_id").asText(null),
                        startedAt,
                        elapsed,
                        node.path("worker").asText(null)));
            }
            long depth = await(queueReplies.get(i));
            if (depth > 0) {
                queued.put(platform, depth);
            }
            if (await(pausedReplies.get(i)) > 0) {
                paused.add(platform);
            }
        }
        return new Snapshot(running, queued, paused);
    }

    private static <T> T await(RedisFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading Redis", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new RedisException("cannot read platform activity from Redis: " + e.getMessage(), e);
        }
    }
}
