package io.productscanner.runtime.job;

import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.redis.RedisKeys;

import java.nio.file.Path;
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

    /** Results {@code offset .. offset+limit-1}, as stored JSON. */
    public List<String> results(String jobId, long offset, long limit) {
        return redis.lrange(keys.results(jobId), offset, offset + limit - 1);
    }

    /**
     * Replaces the job's results with {@code items}: written under a temporary key, then renamed in one step,
     * so a reader sees the old list or the new one, and a resumed job never stores a product twice.
     */
    public void replaceResults(String jobId, List<String> items, int batchSize) {
        String staging = keys.results(jobId) + ":staging";
        redis.del(staging);
        for (int from = 0; from < items.size(); from += batchSize) {
            List<String> batch = items.subList(from, Math.min(items.size(), from + batchSize));
            redis.rpush(staging, batch.toArray(String[]::new));
        }
        if (items.isEmpty()) {
            redis.del(keys.results(jobId));
        } else {
            redis.rename(staging, keys.results(jobId));
        }
    }

    /** Records where the job's results file is, so the results stay readable once Redis has let them go. */
    public void recordResultsFile(String jobId, Path file) {
        redis.hset(keys.job(jobId), JobRecord.RESULTS_FILE, file.toString());
    }

    /** The checkpoint of a running job. */
    public JobCheckpoint checkpoint(String jobId) {
        return JobCheckpoint.open(redis, async, keys, jobId);
    }

    public long resultCount(String jobId) {
        return redis.llen(keys.results(jobId));
    }
}
