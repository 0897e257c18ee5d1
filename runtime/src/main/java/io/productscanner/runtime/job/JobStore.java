package io.productscanner.runtime.job;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.redis.RedisKeys;
import io.productscanner.runtime.redis.RedisScript;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** Reads jobs and their results, and records a running job's progress and results. */
public final class JobStore {
    // they check the lease as the queue's scripts do: the lock's owner token and the job's fence
    private static final RedisScript REPLACE_RESULTS = RedisScript.load(JobStore.class, "replace-results.lua");
    private static final RedisScript RECORD_RESULTS_FILE = RedisScript.load(JobStore.class, "record-results-file.lua");
    /** A staging list left by a worker that died mid-write goes away by itself after this long. */
    private static final long STAGING_TTL_SECONDS = 3600;

    private final RedisCommands<String, String> redis;
    private final RedisAsyncCommands<String, String> async;
    private final RedisKeys keys;
    private final JobHistory history;

    public JobStore(RedisCommands<String, String> redis, RedisAsyncCommands<String, String> async, RedisKeys keys) {
        this.redis = redis;
        this.async = async;
        this.keys = keys;
        this.history = new JobHistory(redis, async, keys);
    }

    /** The job history, newest first, filtered through its indexes. */
    public JobHistory history() {
        return history;
    }

    public Optional<JobRecord> find(String jobId) {
        Map<String, String> hash = redis.hgetall(keys.job(jobId));
        // a hash without its workflow is no job but a fragment: a worker's fire-and-forget progress, written after
        // a failover lost the job (writes no replica had), recreates the hash with only those fields
        return hash == null || !hash.containsKey(JobRecord.WORKFLOW_ID)
                ? Optional.empty()
                : Optional.of(JobRecord.fromHash(hash));
    }

    /**
     * Records where a running job is: the nodes running now, its progress, and the state of each of its nodes
     * ({@code nodes}, JSON). Fire-and-forget: progress is advisory and must not slow the scan.
     */
    public void progress(String jobId, String currentNode, double progress, String nodes) {
        async.hset(
                keys.job(jobId),
                Map.of(
                        JobRecord.CURRENT_NODE,
                        currentNode == null ? "" : currentNode,
                        JobRecord.PROGRESS,
                        Double.toString(Math.max(0, Math.min(1, progress))),
                        JobRecord.NODES,
                        nodes));
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

    /**
     * Replaces the job's results with {@code items} as {@link #replaceResults} does, but only while {@code lease}
     * still holds the job's platform: the list is written under a staging key of this lease's own and renamed
     * over the results by a script that checks the lease. Returns false, leaving the results untouched, when the
     * lease was lost (another worker may be running the job now).
     */
    public boolean replaceResults(JobLease lease, List<String> items, int batchSize) {
        String staging = keys.results(lease.jobId()) + ":staging:" + lease.fence();
        redis.del(staging);
        for (int from = 0; from < items.size(); from += batchSize) {
            List<String> batch = items.subList(from, Math.min(items.size(), from + batchSize));
            redis.rpush(staging, batch.toArray(String[]::new));
            redis.expire(staging, STAGING_TTL_SECONDS);
        }
        Long replaced = REPLACE_RESULTS.run(
                redis,
                ScriptOutputType.INTEGER,
                new String[] {keys.lock(lease.platform()), keys.job(lease.jobId()), staging, keys.results(lease.jobId())
                },
                lease.lockToken(),
                Long.toString(lease.fence()));
        return replaced != null && replaced == 1L;
    }

    /**
     * Records the job's results file as {@link #recordResultsFile} does, only while {@code lease} still holds the
     * job's platform; false, writing nothing, when it was lost.
     */
    public boolean recordResultsFile(JobLease lease, Path file) {
        Long recorded = RECORD_RESULTS_FILE.run(
                redis,
                ScriptOutputType.INTEGER,
                new String[] {keys.lock(lease.platform()), keys.job(lease.jobId())},
                lease.lockToken(),
                Long.toString(lease.fence()),
                file.toString());
        return recorded != null && recorded == 1L;
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

    /** Index entries read per round trip while walking the dead letters. */
    private static final int INDEX_BATCH = 500;

    private static final long PIPELINE_TIMEOUT_SECONDS = 30;

    /** A job given up on, and when. */
    public record DeadLetter(JobRecord job, Instant deadAt) {}

    /**
     * Up to {@code limit} dead-lettered jobs that {@code wanted} accepts, most recently given up on first. Ids
     * whose hash is gone are dropped from the dead-letter set as they are met.
     */
    public List<DeadLetter> deadLetters(Predicate<JobRecord> wanted, int limit) {
        List<DeadLetter> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long rank = 0;
        while (found.size() < limit) {
            List<ScoredValue<String>> entries =
                    redis.zrevrangeWithScores(keys.deadLetters(), rank, rank + INDEX_BATCH - 1);
            if (entries.isEmpty()) {
                break;
            }
            List<Map<String, String>> hashes =
                    readHashes(entries.stream().map(ScoredValue::getValue).toList());
            List<String> gone = new ArrayList<>();
            for (int i = 0; i < entries.size() && found.size() < limit; i++) {
                String id = entries.get(i).getValue();
                if (hashes.get(i).isEmpty()) {
                    gone.add(id);
                    continue;
                }
                JobRecord job = JobRecord.fromHash(hashes.get(i));
                if (seen.add(id) && wanted.test(job)) {
                    found.add(new DeadLetter(
                            job, Instant.ofEpochMilli((long) entries.get(i).getScore())));
                }
            }
            if (!gone.isEmpty()) {
                redis.zrem(keys.deadLetters(), gone.toArray(String[]::new));
            }
            rank += entries.size() - gone.size();
        }
        return found;
    }

    /**
     * A page of dead letters, most recently given up on first; where the next page starts (empty when none
     * follows); and how many there are (of the platform, when one is asked for).
     */
    public record DeadPage(List<DeadLetter> jobs, Optional<JobCursor> next, long total) {}

    /**
     * The page of up to {@code limit} dead letters of {@code platform} (every platform when empty) that follows
     * {@code after} (from the most recent when empty). Each read is a bounded range of the dead-letter set. The
     * total of one platform reads the platform of every dead letter, in one pipeline: the set holds only jobs given
     * up on, and {@code requeue} empties it.
     */
    public DeadPage deadLetters(Optional<String> platform, Optional<JobCursor> after, int limit) {
        RedisFuture<Long> everyDead = async.zcard(keys.deadLetters());
        Range<Long> range = Range.create(0L, after.map(JobCursor::score).orElse(Long.MAX_VALUE));
        List<DeadLetter> found = new ArrayList<>();
        ScoredValue<String> last = null;
        boolean more = false;
        long offset = 0;
        while (found.size() < limit) {
            List<ScoredValue<String>> entries =
                    redis.zrevrangebyscoreWithScores(keys.deadLetters(), range, Limit.create(offset, INDEX_BATCH));
            List<ScoredValue<String>> following = entries.stream()
                    .filter(entry -> after.map(cursor -> cursor.isFollowedBy((long) entry.getScore(), entry.getValue()))
                            .orElse(true))
                    .toList();
            List<Map<String, String>> hashes =
                    readHashes(following.stream().map(ScoredValue::getValue).toList());
            List<String> gone = new ArrayList<>();
            int used = 0;
            for (int i = 0; i < following.size() && found.size() < limit; i++, used++) {
                if (hashes.get(i).isEmpty()) {
                    gone.add(following.get(i).getValue());
                    continue;
                }
                JobRecord job = JobRecord.fromHash(hashes.get(i));
                if (platform.map(p -> p.equals(job.platform())).orElse(true)) {
                    found.add(new DeadLetter(
                            job, Instant.ofEpochMilli((long) following.get(i).getScore())));
                    last = following.get(i);
                }
            }
            if (!gone.isEmpty()) {
                redis.zrem(keys.deadLetters(), gone.toArray(String[]::new));
            }
            more = used < following.size() || entries.size() == INDEX_BATCH;
            if (entries.size() < INDEX_BATCH) {
                break;
            }
            offset += entries.size() - gone.size();
        }
        long total = platform.isEmpty() ? await(everyDead) : deadOf(platform.get());
        Optional<JobCursor> next = more && last != null
                ? Optional.of(new JobCursor((long) last.getScore(), last.getValue()))
                : Optional.empty();
        return new DeadPage(found, next, total);
    }

    /** How many dead letters are of {@code platform}: each one's platform, read in one pipeline. */
    private long deadOf(String platform) {
        List<RedisFuture<String>> platforms = redis.zrange(keys.deadLetters(), 0, -1).stream()
                .map(id -> async.hget(keys.job(id), JobRecord.PLATFORM))
                .toList();
        long count = 0;
        for (RedisFuture<String> each : platforms) {
            if (platform.equals(await(each))) {
                count++;
            }
        }
        return count;
    }

    private static <T> T await(RedisFuture<T> future) {
        try {
            return future.get(PIPELINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading jobs", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new RedisException("reading jobs failed", e);
        }
    }

    /** The hashes of {@code ids}, in order (empty for a missing job), read in one pipeline. */
    private List<Map<String, String>> readHashes(List<String> ids) {
        List<RedisFuture<Map<String, String>>> pending =
                ids.stream().map(id -> async.hgetall(keys.job(id))).toList();
        List<Map<String, String>> hashes = new ArrayList<>(ids.size());
        try {
            for (RedisFuture<Map<String, String>> future : pending) {
                Map<String, String> hash = future.get(PIPELINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                hashes.add(hash == null ? Map.of() : hash);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading jobs", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new RedisException("reading " + ids.size() + " jobs failed", e);
        }
        return hashes;
    }
}
