package io.productscanner.runtime.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.redis.RedisKeys;
import io.productscanner.runtime.redis.RedisScript;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The job history, newest first. Unfiltered, it walks the every-job index; filtered, it merges the indexes the
 * queue's scripts keep per status, platform and workflow (history.lua) and the platforms' running records, so
 * it reads the records of matching jobs only: a query that matches nothing reads no job at all.
 */
public final class JobHistory {
    private static final System.Logger LOG = System.getLogger(JobHistory.class.getName());
    // the indexes' names come from the queue's history.lua, which every script that changes a job's status includes
    private static final RedisScript INDEX_RETAINED = RedisScript.load(JobHistory.class, "index-history.lua");
    /** Index entries read per round trip. */
    private static final int BATCH = 500;

    private static final long PIPELINE_TIMEOUT_SECONDS = 30;
    /** The statuses with an index of their own; running jobs are read from the running records. */
    private static final List<JobStatus> INDEXED =
            List.of(JobStatus.PENDING, JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED);
    /** More entries than the every-job index keeps: the one-off build of the indexes stops here whatever happens. */
    private static final int MAX_INDEXED_AT_START = 200_000;
    /** Newest first: the order of ZREVRANGE, score then id, descending. */
    private static final Comparator<Entry> NEWEST_FIRST =
            Comparator.comparingDouble(Entry::score).thenComparing(Entry::jobId).reversed();

    private final RedisCommands<String, String> redis;
    private final RedisAsyncCommands<String, String> async;
    private final RedisKeys keys;

    public JobHistory(RedisCommands<String, String> redis, RedisAsyncCommands<String, String> async, RedisKeys keys) {
        this.redis = redis;
        this.async = async;
        this.keys = keys;
    }

    /** Which jobs a history query wants; an empty part accepts every job. */
    public record Filter(Optional<JobStatus> status, Optional<String> platform, Optional<String> workflowId) {
        public static final Filter ALL = new Filter(Optional.empty(), Optional.empty(), Optional.empty());

        public boolean accepts(JobRecord job) {
            return status.map(s -> s == job.status()).orElse(true)
                    && platform.map(p -> p.equals(job.platform())).orElse(true)
                    && workflowId.map(w -> w.equals(job.workflowId())).orElse(true);
        }

        boolean acceptsPair(String pairPlatform, String pairWorkflow) {
            return platform.map(pairPlatform::equals).orElse(true)
                    && workflowId.map(pairWorkflow::equals).orElse(true);
        }

        boolean acceptsStatus(JobStatus candidate) {
            return status.map(candidate::equals).orElse(true);
        }
    }

    /** Which creation times a query wants: {@code since} inclusive, {@code until} exclusive; empty is unbounded. */
    public record Window(Optional<Instant> since, Optional<Instant> until) {
        public static final Window ALL = new Window(Optional.empty(), Optional.empty());

        long minScore() {
            return since.map(Instant::toEpochMilli).orElse(0L);
        }

        long maxScore() {
            return until.map(at -> at.toEpochMilli() - 1).orElse(Long.MAX_VALUE);
        }

        boolean holds(long score) {
            return score >= minScore() && score <= maxScore();
        }
    }

    /**
     * One page of the history: its jobs, newest first; where the next page starts (empty when none follows); and
     * how many retained jobs match the filter and window, counted from the indexes the query reads.
     */
    public record Page(List<JobRecord> jobs, Optional<JobCursor> next, long total) {}

    /**
     * Up to {@code limit} jobs that {@code filter} accepts, newest (by creation) first. Ids whose hash has expired
     * are dropped from the index they were read from as they are met.
     */
    public List<JobRecord> newest(Filter filter, int limit) {
        return page(filter, Window.ALL, Optional.empty(), limit).jobs();
    }

    /**
     * The page of up to {@code limit} jobs that {@code filter} and {@code window} accept, newest first, that
     * follows {@code after} (from the newest when empty). Every read is a bounded range of an index, so any page
     * of any retained job costs about the same.
     */
    public Page page(Filter filter, Window window, Optional<JobCursor> after, int limit) {
        List<Source> sources = new ArrayList<>();
        List<Entry> running = List.of();
        if (filter.equals(Filter.ALL)) {
            // the every-job index lists running jobs too
            sources.add(new Source(keys.jobIndex()));
        } else {
            List<String[]> pairs = pairs(filter);
            for (JobStatus status : INDEXED) {
                if (filter.acceptsStatus(status)) {
                    for (String[] pair : pairs) {
                        sources.add(new Source(keys.history(status.wireName(), pair[0], pair[1])));
                    }
                }
            }
            if (filter.acceptsStatus(JobStatus.RUNNING)) {
                running = running(filter, pairs).stream()
                        .filter(entry -> window.holds((long) entry.score()))
                        .toList();
            }
        }
        Range<Long> counted = Range.create(window.minScore(), window.maxScore());
        List<RedisFuture<Long>> counts = sources.stream()
                .map(source -> async.zcount(source.key, counted))
                .toList();
        long maxScore =
                after.map(cursor -> Math.min(cursor.score(), window.maxScore())).orElse(window.maxScore());
        Range<Long> read = Range.create(window.minScore(), maxScore);
        List<Entry> runningAfter = running.stream()
                .filter(entry -> (long) entry.score() <= maxScore
                        && after.map(cursor -> cursor.isFollowedBy((long) entry.score(), entry.jobId()))
                                .orElse(true))
                .toList();
        Merged merged = limit <= 0
                ? new Merged(List.of(), null, false)
                : merge(sources, read, after, runningAfter, filter, limit);
        long total = running.size();
        for (RedisFuture<Long> count : counts) {
            total += await(count);
        }
        Optional<JobCursor> next = merged.more() && merged.last() != null
                ? Optional.of(new JobCursor(
                        (long) merged.last().score(), merged.last().jobId()))
                : Optional.empty();
        return new Page(merged.jobs(), next, total);
    }

    /** The platform/workflow pairs that have jobs and that {@code filter} accepts. */
    private List<String[]> pairs(Filter filter) {
        List<String[]> accepted = new ArrayList<>();
        for (String member : redis.smembers(keys.historyPairs())) {
            int colon = member.indexOf(':');
            if (colon > 0 && filter.acceptsPair(member.substring(0, colon), member.substring(colon + 1))) {
                accepted.add(new String[] {member.substring(0, colon), member.substring(colon + 1)});
            }
        }
        return accepted;
    }

    /**
     * The running jobs {@code filter} accepts: each platform runs one at a time, named by its running record, whose
     * workflow is checked before the job is read.
     */
    private List<Entry> running(Filter filter, List<String[]> pairs) {
        List<String> platforms = pairs.stream().map(pair -> pair[0]).distinct().toList();
        List<RedisFuture<String>> records =
                platforms.stream().map(p -> async.get(keys.running(p))).toList();
        List<String> candidates = new ArrayList<>();
        for (RedisFuture<String> record : records) {
            String json = await(record);
            if (json == null) {
                continue;
            }
            JsonNode running = Json.read(json);
            String workflowId = running.path("job_id").isTextual()
                    ? running.path("workflow_id").asText()
                    : null;
            if (workflowId != null
                    && filter.workflowId().map(workflowId::equals).orElse(true)) {
                candidates.add(running.path("job_id").asText());
            }
        }
        List<Entry> entries = new ArrayList<>();
        List<Map<String, String>> hashes = readHashes(candidates);
        for (int i = 0; i < candidates.size(); i++) {
            if (hashes.get(i).isEmpty()) {
                continue;
            }
            JobRecord job = JobRecord.fromHash(hashes.get(i));
            if (job.status() == JobStatus.RUNNING) {
                entries.add(new Entry(candidates.get(i), creationScore(job), null, job));
            }
        }
        entries.sort(NEWEST_FIRST);
        return entries;
    }

    /** What a merge found: the jobs, the entry of the last one, and whether more may follow it. */
    private record Merged(List<JobRecord> jobs, Entry last, boolean more) {}

    /**
     * Merges the indexes (each read newest first within {@code range}, a batch at a time, skipping what is not
     * after {@code after}) and the running jobs into one newest-first list, reading the hash of each job taken.
     */
    private Merged merge(
            List<Source> sources,
            Range<Long> range,
            Optional<JobCursor> after,
            List<Entry> running,
            Filter filter,
            int limit) {
        List<JobRecord> found = new ArrayList<>();
        Entry last = null;
        Set<String> seen = new HashSet<>();
        Deque<Entry> runningLeft = new ArrayDeque<>(running);
        while (found.size() < limit) {
            refill(sources, range, after, Math.min(BATCH, limit - found.size()));
            List<Entry> taken = new ArrayList<>();
            while (taken.size() < limit - found.size()) {
                Entry next = runningLeft.peekFirst();
                Source from = null;
                boolean mustRefill = false;
                for (Source source : sources) {
                    if (source.buffer.isEmpty()) {
                        // an index with more to read must be read before anything older can be taken
                        mustRefill |= !source.exhausted;
                        continue;
                    }
                    if (next == null || NEWEST_FIRST.compare(source.buffer.peekFirst(), next) < 0) {
                        next = source.buffer.peekFirst();
                        from = source;
                    }
                }
                if (mustRefill || next == null) {
                    break;
                }
                taken.add(from == null ? runningLeft.removeFirst() : from.buffer.removeFirst());
            }
            if (taken.isEmpty()) {
                if (sources.stream().allMatch(source -> source.exhausted && source.buffer.isEmpty())) {
                    break;
                }
                continue;
            }
            List<Entry> unread =
                    taken.stream().filter(entry -> entry.job() == null).toList();
            List<Map<String, String>> hashes =
                    readHashes(unread.stream().map(Entry::jobId).toList());
            Map<Entry, Map<String, String>> byEntry = new IdentityHashMap<>();
            for (int i = 0; i < unread.size(); i++) {
                byEntry.put(unread.get(i), hashes.get(i));
            }
            for (Entry entry : taken) {
                JobRecord job = entry.job();
                if (job == null) {
                    Map<String, String> hash = byEntry.get(entry);
                    if (hash.isEmpty()) {
                        entry.source().expired(entry.jobId());
                        continue;
                    }
                    job = JobRecord.fromHash(hash);
                }
                // a job that changed status since its index was read is listed where it is now, not twice
                if (found.size() < limit && filter.accepts(job) && seen.add(job.jobId())) {
                    found.add(job);
                    last = entry;
                }
            }
            for (Source source : sources) {
                source.pruneExpired(redis);
            }
        }
        boolean more = !runningLeft.isEmpty()
                || sources.stream().anyMatch(source -> !source.exhausted || !source.buffer.isEmpty());
        return new Merged(found, last, more);
    }

    /** Reads the next batch of every index whose buffer is empty, in one pipeline. */
    private void refill(List<Source> sources, Range<Long> range, Optional<JobCursor> after, int batch) {
        Map<Source, RedisFuture<List<ScoredValue<String>>>> pending = new LinkedHashMap<>();
        for (Source source : sources) {
            if (source.buffer.isEmpty() && !source.exhausted) {
                pending.put(
                        source,
                        async.zrevrangebyscoreWithScores(source.key, range, Limit.create(source.offset, batch)));
            }
        }
        pending.forEach((source, read) -> {
            List<ScoredValue<String>> entries = await(read);
            source.offset += entries.size();
            source.exhausted = entries.size() < batch;
            for (ScoredValue<String> entry : entries) {
                // the cursor's own score may hold jobs at or before the cursor: those were on earlier pages
                if (after.map(cursor -> cursor.isFollowedBy((long) entry.getScore(), entry.getValue()))
                        .orElse(true)) {
                    source.buffer.addLast(new Entry(entry.getValue(), entry.getScore(), source, null));
                }
            }
        });
    }

    /**
     * One index read newest first within a score range: what is buffered, where in the range the next read
     * starts, and what was found expired.
     */
    private static final class Source {
        final String key;
        final Deque<Entry> buffer = new ArrayDeque<>();
        final List<String> expired = new ArrayList<>();
        long offset;
        boolean exhausted;

        Source(String key) {
            this.key = key;
        }

        void expired(String jobId) {
            expired.add(jobId);
        }

        /** Drops the expired ids met from the index; the ones after them move up as many places. */
        void pruneExpired(RedisCommands<String, String> redis) {
            if (!expired.isEmpty()) {
                redis.zrem(key, expired.toArray(String[]::new));
                offset -= expired.size();
                expired.clear();
            }
        }
    }

    /** A job met in an index ({@code source}) or among the running jobs (already read: {@code job}). */
    private record Entry(String jobId, double score, Source source, JobRecord job) {}

    /** A job's creation time in ms, its score in the indexes; 0 when the hash lacks it. */
    private static double creationScore(JobRecord job) {
        try {
            return job.createdAt() == null ? 0 : Instant.parse(job.createdAt()).toEpochMilli();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    /**
     * Puts the jobs stored before the per-status indexes existed into them, once per Redis (a marker key says it
     * was done; running it again, or from two processes at once, changes nothing). Bounded by what the every-job
     * index keeps (its newest 100,000), read in batches by creation time. Returns how many jobs were indexed.
     */
    public long indexRetainedJobs() {
        if (redis.exists(keys.historyIndexed()) > 0) {
            return 0;
        }
        long started = System.nanoTime();
        long indexed = 0;
        int read = 0;
        double cursor = Double.NEGATIVE_INFINITY;
        int sameScore = 0;
        while (read < MAX_INDEXED_AT_START) {
            List<ScoredValue<String>> batch = redis.zrangebyscoreWithScores(
                    keys.jobIndex(), Range.create(cursor, Double.POSITIVE_INFINITY), Limit.create(sameScore, BATCH));
            if (batch.isEmpty()) {
                break;
            }
            // each job's index is named from its hash, read first; the script skips a job that changed meanwhile
            List<RedisFuture<List<KeyValue<String, String>>>> reads = batch.stream()
                    .map(entry -> async.hmget(
                            keys.job(entry.getValue()), JobRecord.STATUS, JobRecord.PLATFORM, JobRecord.WORKFLOW_ID))
                    .toList();
            List<String> scriptKeys = new ArrayList<>(1 + batch.size() * 2);
            scriptKeys.add(keys.historyPairs());
            List<String> args = new ArrayList<>(batch.size() * 5);
            for (int i = 0; i < batch.size(); i++) {
                String id = batch.get(i).getValue();
                List<String> hash = await(reads.get(i)).stream()
                        .map(value -> value.getValueOrElse(""))
                        .toList();
                String status = hash.get(0);
                boolean indexable = !status.isEmpty() && !status.equals(JobStatus.RUNNING.wireName());
                scriptKeys.add(keys.job(id));
                scriptKeys.add(indexable ? keys.history(status, hash.get(1), hash.get(2)) : keys.job(id));
                args.add(id);
                args.add(Long.toString((long) batch.get(i).getScore()));
                args.addAll(hash);
            }
            Long done = INDEX_RETAINED.run(
                    redis, ScriptOutputType.INTEGER, scriptKeys.toArray(String[]::new), args.toArray(String[]::new));
            indexed += done == null ? 0 : done;
            read += batch.size();
            // the next batch starts at the last score, past the entries of that score already read
            double last = batch.getLast().getScore();
            long atLast =
                    batch.stream().filter(entry -> entry.getScore() == last).count();
            sameScore = (int) (last == cursor ? sameScore + atLast : atLast);
            cursor = last;
        }
        redis.set(keys.historyIndexed(), "1");
        LogEvent.info(
                LOG,
                "history.indexed",
                "jobs_read",
                read,
                "jobs_indexed",
                indexed,
                "ms",
                (System.nanoTime() - started) / 1_000_000);
        return indexed;
    }

    /** The hashes of {@code ids}, in order (empty for a missing job), read in one pipeline. */
    private List<Map<String, String>> readHashes(List<String> ids) {
        List<RedisFuture<Map<String, String>>> pending =
                ids.stream().map(id -> async.hgetall(keys.job(id))).toList();
        List<Map<String, String>> hashes = new ArrayList<>(ids.size());
        for (RedisFuture<Map<String, String>> future : pending) {
            Map<String, String> hash = await(future);
            hashes.add(hash == null ? Map.of() : hash);
        }
        return hashes;
    }

    private static <T> T await(RedisFuture<T> future) {
        try {
            return future.get(PIPELINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the job history", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new RedisException("reading the job history failed", e);
        }
    }
}
