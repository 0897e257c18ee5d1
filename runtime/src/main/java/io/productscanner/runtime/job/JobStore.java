package io.productscanner.runtime.job;

import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.redis.RedisKeys;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads jobs and their results, and records a running job's progress and results. */
public final class JobStore {
    private final RedisCommands<String, String> redis;
    private final RedisAsyncCommands<String, String> async;
    private final RedisKeys keys;

    public JobStore(RedisCommands<String, String> redis, RedisAsyncCommands<String, String> async, RedisKeys keys) {
        this.redis = redis;
        this.async = async;
        this.keys = keys;
    }

    public Optional<JobRecord> find(String jobId) {
        Map<String, String> hash = redis.hgetall(keys.job(jobId));
        return hash == null || hash.isEmpty() ? Optional.empty() : Optional.of(JobRecord.fromHash(hash));
    }

    /** Records where a running job is. Fire-and-forget: progress is advisory and must not slow the scan. */
    public void progress(String jobId, String currentNode, double progress) {
        async.hset(keys.job(jobId), Map.of(
                JobRecord.CURRENT_NODE, currentNode == null ? "" : currentNode,
                JobRecord.PROGRESS, Double.toString(Math.max(0, Math.min(1, progress)))));
    }

    /** Appends per-product results (JSON objects) in scan order. */
    public void appendResults(String jobId, List<String> items) {
        if (!items.isEmpty()) {
            redis.rpush(keys.results(jobId), items.toArray(String[]::new));
        }
    }

    /** Results {@code offset .. offset+limit-1}, as stored JSON. */
    public List<String> results(String jobId, long offset, long limit) {
        return redis.lrange(keys.results(jobId), offset, offset + limit - 1);
    }

    public long resultCount(String jobId) {
        return redis.llen(keys.results(jobId));
    }
}
