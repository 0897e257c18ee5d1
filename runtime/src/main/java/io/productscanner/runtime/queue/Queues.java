package io.productscanner.runtime.queue;

import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.redis.RedisKeys;

/**
 * The queue's three parts over one Redis and one policy, as a process (or a worker pool) holds them: queueing,
 * retries and dead letters, platform control.
 */
public record Queues(JobQueue jobs, JobRetries retries, PlatformControl platforms) {
    public static Queues over(RedisCommands<String, String> redis, RedisKeys keys, QueuePolicy policy) {
        return new Queues(
                new JobQueue(redis, keys, policy),
                new JobRetries(redis, keys, policy),
                new PlatformControl(redis, keys));
    }
}
