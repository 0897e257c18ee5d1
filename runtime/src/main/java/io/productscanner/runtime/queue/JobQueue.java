package io.productscanner.runtime.queue;

import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.redis.RedisKeys;
import io.productscanner.runtime.redis.RedisScript;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The per-platform job queues and platform locks. Every state change is one Lua script (see the .lua files
 * beside this class), so a crash at any instant loses no job and leaves no job both queued and running.
 */
public final class JobQueue {
    private static final RedisScript ENQUEUE = RedisScript.load(JobQueue.class, "time.lua", "history.lua",
            "enqueue.lua");
    private static final RedisScript CLAIM = RedisScript.load(JobQueue.class, "time.lua", "history.lua",
            "claim.lua");
    private static final RedisScript COMPLETE = RedisScript.load(JobQueue.class, "time.lua", "history.lua",
            "complete.lua");
    private static final RedisScript RENEW = RedisScript.load(JobQueue.class, "renew.lua");
    private static final RedisScript CANCEL = RedisScript.load(JobQueue.class, "time.lua", "history.lua",
            "cancel.lua");
    private static final RedisScript RELEASE = RedisScript.load(JobQueue.class, "time.lua", "history.lua",
            "release.lua");
    private static final RedisScript REQUEUE_DEAD = RedisScript.load(JobQueue.class, "history.lua",
            "requeue-dead.lua");
    private static final RedisScript FORCE_RELEASE = RedisScript.load(JobQueue.class, "time.lua",
            "history.lua", "force-release.lua");
    private static final RedisScript FINISH = RedisScript.load(JobQueue.class, "time.lua", "history.lua",
            "finish.lua");
    private static final RedisScript ENQUEUE_MANY = RedisScript.load(JobQueue.class, "time.lua",
            "history.lua", "enqueue-many.lua");
    /** Jobs stored per call of enqueue-many.lua: large enough to amortise the call, small for Lua's stack. */
    static final int ENQUEUE_BATCH = 500;
    /** Bulk-enqueue calls sent before the first of them must have answered. */
    static final int ENQUEUE_CALLS_IN_FLIGHT = 3;
    private static final RedisScript RETRY = RedisScript.load(JobQueue.class, "time.lua", "history.lua",
            "retry.lua");
    private static final RedisScript MOVE_DUE = RedisScript.load(JobQueue.class, "move-due.lua");

    /** Workers that may die under one job before it is given up on. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** The most jobs a platform's queue holds unless told otherwise ({@code MAX_QUEUED_JOBS_PER_PLATFORM}). */
    public static final int DEFAULT_MAX_QUEUED_PER_PLATFORM = 10_000;
    /** The wait before a failed job's first retry; it doubles with every further attempt. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(5);
    /** No retry waits longer than this (before jitter). */
    public static final Duration MAX_RETRY_BACKOFF = Duration.ofMinutes(10);

    /** What a lease renewal found. */
    public enum Lease { LOST, HELD, HELD_CANCEL_REQUESTED }

    /** What a cancel request did. */
    public enum Cancellation { CANCELLED, CANCELLING, ALREADY_FINISHED, NOT_FOUND, LEFT_RUNNING }

    private final RedisCommands<String, String> redis;
    private final RedisKeys keys;
    private final Duration lease;
    private final Duration retention;
    private final int maxAttempts;
    private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;
    private int maxQueuedPerPlatform = DEFAULT_MAX_QUEUED_PER_PLATFORM;

    public JobQueue(RedisCommands<String, String> redis, RedisKeys keys, Duration lease, Duration retention) {
        this(redis, keys, lease, retention, DEFAULT_MAX_ATTEMPTS);
    }

    /**
     * @param maxAttempts how many workers may die under one job before it is failed and dead-lettered
     */
    public JobQueue(RedisCommands<String, String> redis, RedisKeys keys, Duration lease, Duration retention,
                    int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
        this.redis = redis;
        this.keys = keys;
        this.lease = lease;
        this.retention = retention;
    }

    /**
     * @param maxAttempts  how many runs a job gets (worker deaths and retryable failures both count) before it is
     *                     failed and dead-lettered
     * @param retryBackoff the wait before a failed job's first retry, doubled for each further one
     */
    public JobQueue(RedisCommands<String, String> redis, RedisKeys keys, Duration lease, Duration retention,
                    int maxAttempts, Duration retryBackoff) {
        this(redis, keys, lease, retention, maxAttempts);
        if (retryBackoff.isNegative()) {
            throw new IllegalArgumentException("retry backoff must not be negative");
        }
        this.retryBackoff = retryBackoff;
    }

    /**
     * @param maxQueuedPerPlatform the most jobs a platform's queue may hold; a submit past it is refused
     *                             ({@link QueueFull}), 0 for no limit
     */
    public JobQueue(RedisCommands<String, String> redis, RedisKeys keys, Duration lease, Duration retention,
                    int maxAttempts, Duration retryBackoff, int maxQueuedPerPlatform) {
        this(redis, keys, lease, retention, maxAttempts, retryBackoff);
        if (maxQueuedPerPlatform < 0) {
            throw new IllegalArgumentException("the queue limit must not be negative");
        }
        this.maxQueuedPerPlatform = maxQueuedPerPlatform;
    }

    public RedisKeys keys() {
        return keys;
    }

    public Duration lease() {
        return lease;
    }

    /** Stores the job as pending and queues it on its platform; returns its FIFO sequence number. */
    public long enqueue(NewJob job) {
        return enqueue(job, null).sequence();
    }

    /**
     * What an enqueue did: a new job, or the first job queued under the same idempotency key (then with that
     * job's workflow, platform and current status, and sequence 0).
     */
    public record Enqueued(String jobId, String workflowId, String platform, long sequence, boolean duplicate,
                           JobStatus status) {
    }

    /**
     * Stores the job as pending and queues it on its platform, unless {@code idempotencyKey} (may be null) already
     * queued a job of the same workflow within the job retention: then nothing is stored and that first job is
     * returned.
     *
     * @throws QueueFull when the platform's queue holds the most jobs allowed; nothing is stored then
     */
    public Enqueued enqueue(NewJob job, IdempotencyKey idempotencyKey) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(JobRecord.JOB_ID, job.jobId());
        fields.put(JobRecord.WORKFLOW_ID, job.workflowId());
        fields.put(JobRecord.PLATFORM, job.platform());
        fields.put(JobRecord.PRIORITY, Integer.toString(job.priority()));
        fields.put(JobRecord.STATUS, JobStatus.PENDING.wireName());
        fields.put(JobRecord.ATTEMPTS, "0");
        fields.put(JobRecord.PROGRESS, "0");
        fields.put(JobRecord.PARAMS, Json.write(job.params()));
        fields.put(JobRecord.METADATA, Json.write(job.metadata()));
        List<String> args = new ArrayList<>(5 + fields.size() * 2);
        args.add(job.jobId());
        args.add(Integer.toString(job.priority()));
        args.add(Long.toString(retention.toSeconds()));
        args.add(Integer.toString(maxQueuedPerPlatform));
        args.add(job.platform() + ":" + job.workflowId());
        fields.forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        List<String> scriptKeys = new ArrayList<>(List.of(keys.job(job.jobId()), keys.queue(job.platform()),
                keys.wake(job.platform()), keys.sequence(), keys.jobIndex(),
                keys.history(JobStatus.PENDING.wireName(), job.platform(), job.workflowId()), keys.historyPairs()));
        if (idempotencyKey != null) {
            scriptKeys.add(keys.idempotency(idempotencyKey.origin().namespace(), job.workflowId(),
                    idempotencyKey.key()));
        }
        List<Object> reply = ENQUEUE.run(redis, ScriptOutputType.MULTI, scriptKeys.toArray(String[]::new),
                args.toArray(String[]::new));
        if (Long.valueOf(-1).equals(reply.get(0))) {
            throw new QueueFull(job.platform(), maxQueuedPerPlatform);
        }
        boolean duplicate = Long.valueOf(1).equals(reply.get(2));
        return new Enqueued((String) reply.get(1), duplicate ? (String) reply.get(4) : job.workflowId(),
                duplicate ? (String) reply.get(5) : job.platform(), (Long) reply.get(0), duplicate,
                JobStatus.fromWireName((String) reply.get(3)));
    }

    /**
     * Stores and queues many new jobs (bulk submission, no idempotency keys) with one script call per
     * {@value #ENQUEUE_BATCH} jobs, up to {@value #ENQUEUE_CALLS_IN_FLIGHT} calls in flight so Redis stores one batch
     * while the next is encoded; each job is stored and queued together, as {@link #enqueue(NewJob)} does, in list
     * order. Returns how many were queued. For trusted bulk loading (the benchmarks): the queue limit that
     * {@link #enqueue(NewJob, String)} enforces is not checked.
     */
    public int enqueueAll(List<NewJob> jobs) {
        RedisAsyncCommands<String, String> async = redis.getStatefulConnection().async();
        String[] scriptKeys = {keys.sequence(), keys.jobIndex(), keys.historyPairs()};
        Deque<RedisFuture<Long>> inFlight = new ArrayDeque<>();
        for (int from = 0; from < jobs.size(); from += ENQUEUE_BATCH) {
            String[] args = enqueueArguments(jobs.subList(from, Math.min(jobs.size(), from + ENQUEUE_BATCH)));
            if (from == 0) {
                // the first call loads the script if this Redis does not know it yet
                ENQUEUE_MANY.run(redis, ScriptOutputType.INTEGER, scriptKeys, args);
                continue;
            }
            if (inFlight.size() == ENQUEUE_CALLS_IN_FLIGHT) {
                awaitStored(inFlight.removeFirst());
            }
            inFlight.addLast(async.evalsha(ENQUEUE_MANY.digest(), ScriptOutputType.INTEGER, scriptKeys, args));
        }
        while (!inFlight.isEmpty()) {
            awaitStored(inFlight.removeFirst());
        }
        return jobs.size();
    }

    private String[] enqueueArguments(List<NewJob> batch) {
        String[] args = new String[4 + batch.size() * 6];
        args[0] = keys.jobPrefix();
        args[1] = keys.queuePrefix();
        args[2] = keys.wakePrefix();
        args[3] = keys.historyPrefix();
        int at = 4;
        for (NewJob job : batch) {
            args[at++] = job.jobId();
            args[at++] = job.platform();
            args[at++] = Integer.toString(job.priority());
            args[at++] = job.workflowId();
            args[at++] = Json.write(job.params());
            args[at++] = Json.write(job.metadata());
        }
        return args;
    }

    private static void awaitStored(RedisFuture<Long> call) {
        try {
            call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while adding jobs", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RedisException redis ? redis : new RedisException(e.getCause());
        }
    }

    /**
     * Takes the platform's next job if the platform is free.
     *
     * @param lockToken  a token unique to this attempt; it owns the platform lock while the job runs
     * @param workerName the worker's name, recorded on the job and the running record
     */
    public Optional<ClaimedJob> claim(String platform, String lockToken, String workerName) {
        List<Object> reply = CLAIM.run(redis, ScriptOutputType.MULTI,
                new String[]{keys.queue(platform), keys.lock(platform), keys.running(platform), keys.deadLetters(),
                        keys.fence(platform), keys.jobIndex()},
                lockToken, Long.toString(lease.toMillis()), workerName, keys.jobPrefix(),
                Integer.toString(maxAttempts), keys.historyPrefix(), platform, keys.jobEnded(platform));
        // Lua's false arrives as an empty list or a list holding one null
        if (reply == null || reply.size() < 2 || reply.get(0) == null) {
            return Optional.empty();
        }
        Map<String, String> hash = claimedHash(reply.get(1), (String) reply.get(0), platform);
        boolean recovered = reply.size() > 2 && Long.valueOf(1).equals(reply.get(2));
        return Optional.of(new ClaimedJob(JobRecord.fromHash(hash), lockToken, recovered, (Long) reply.get(3)));
    }

    /** Milliseconds left on the platform lock's lease; 0 or less when no one holds it. */
    public long lockRemainingMillis(String platform) {
        Long left = redis.pttl(keys.lock(platform));
        return left == null ? 0 : left;
    }

    /** Extends the platform lease, and says whether the job has been asked to cancel. */
    public Lease renew(ClaimedJob job) {
        Long renewed = RENEW.run(redis, ScriptOutputType.INTEGER,
                new String[]{keys.lock(job.platform()), keys.cancel(job.jobId()), keys.job(job.jobId())},
                job.lockToken(), Long.toString(lease.toMillis()), Long.toString(job.fence()));
        if (renewed == null || renewed == 0L) {
            return Lease.LOST;
        }
        return renewed == 2L ? Lease.HELD_CANCEL_REQUESTED : Lease.HELD;
    }

    /**
     * Hands a running job back to the head of its queue, pending again, keeping its checkpoint: for a worker
     * that stops before the job ends. False, writing nothing, when the lease was already lost.
     */
    public boolean release(ClaimedJob job) {
        Long released = RELEASE.run(redis, ScriptOutputType.INTEGER,
                new String[]{keys.lock(job.platform()), keys.running(job.platform()), keys.job(job.jobId()),
                        keys.queue(job.platform()), keys.wake(job.platform()), keys.fence(job.platform()),
                        historyIndex(job, JobStatus.PENDING), keys.jobIndex()},
                job.lockToken(), job.jobId(), Long.toString(job.fence()), creationScore(job));
        return released != null && released == 1L;
    }

    /** Cancels a queued job at once, or asks a running one to stop at its next product. */
    public Cancellation cancel(String jobId) {
        return cancel(jobId, false);
    }

    /**
     * Cancels the job if it has not started yet; a running job is left to finish ({@link Cancellation#LEFT_RUNNING}).
     */
    public Cancellation cancelIfQueued(String jobId) {
        return cancel(jobId, true);
    }

    private Cancellation cancel(String jobId, boolean queuedOnly) {
        String result = CANCEL.run(redis, ScriptOutputType.VALUE,
                new String[]{keys.job(jobId), keys.cancel(jobId), keys.jobIndex()}, keys.queuePrefix(),
                Long.toString(retention.toSeconds()), keys.historyPrefix(), keys.jobEndedPrefix(),
                queuedOnly ? "1" : "0");
        if (result == null) {
            return Cancellation.NOT_FOUND;
        }
        return switch (result) {
            case "cancelled" -> Cancellation.CANCELLED;
            case "cancelling" -> Cancellation.CANCELLING;
            case "running" -> Cancellation.LEFT_RUNNING;
            default -> Cancellation.ALREADY_FINISHED;
        };
    }

    /**
     * Records the outcome and frees the platform. Returns false, writing nothing, when the lease was lost
     * (another worker may own the platform now). A retryable failure is handed to {@link #retryOrGiveUp}.
     */
    public boolean complete(ClaimedJob job, JobOutcome outcome) {
        if (outcome.retryable()) {
            return retryOrGiveUp(job, outcome) != RetryDecision.LEASE_LOST;
        }
        requireFinalMove(job, outcome);
        Long recorded = COMPLETE.run(redis, ScriptOutputType.INTEGER,
                new String[]{keys.lock(job.platform()), keys.running(job.platform()), keys.job(job.jobId()),
                        keys.results(job.jobId()), keys.checkpoint(job.jobId()), keys.checkpointItems(job.jobId()),
                        keys.cancel(job.jobId()), keys.fence(job.platform()), historyIndex(job, outcome.status()),
                        keys.jobIndex()},
                withOutcomeFields(outcome, job.lockToken(), Long.toString(retention.toSeconds()),
                        Long.toString(job.fence()), job.jobId(), keys.jobEnded(job.platform()), creationScore(job)));
        return recorded != null && recorded == 1L;
    }

    /** What {@link #finishAndClaimNext} did: whether the outcome was recorded, and the platform's next job. */
    public record Finished(boolean recorded, Optional<ClaimedJob> next) {
    }

    /**
     * Records a final outcome and takes the platform's next queued job under a new lease, in one round trip (a
     * busy worker's loop); frees the platform when the queue is empty. Nothing is written when the lease was
     * lost. The lease's expiry carries over to the next job: the worker pool's lease timer keeps renewing it.
     * A retryable failure goes to {@link #retryOrGiveUp} instead.
     *
     * @param nextLockToken   a token unique to the next lease
     * @param leftJobState    whether the job body may have written results, checkpoints or a cancel request that
     *                        must expire with the job or be deleted (false only for bodies that write none)
     */
    public Finished finishAndClaimNext(ClaimedJob job, JobOutcome outcome, String nextLockToken, String workerName,
                                       boolean leftJobState) {
        if (outcome.retryable()) {
            throw new IllegalArgumentException("job " + job.jobId() + ": a retryable failure goes to retryOrGiveUp()");
        }
        requireFinalMove(job, outcome);
        String platform = job.platform();
        String[] args = withOutcomeFields(outcome, job.lockToken(), Long.toString(retention.toSeconds()),
                Long.toString(job.fence()), leftJobState ? "1" : "0", nextLockToken, workerName, keys.jobPrefix(),
                keys.historyPrefix(), platform, keys.jobEnded(platform), creationScore(job));
        String[] scriptKeys = {keys.lock(platform), keys.running(platform), keys.job(job.jobId()),
                keys.queue(platform), keys.fence(platform), keys.results(job.jobId()),
                keys.checkpoint(job.jobId()), keys.checkpointItems(job.jobId()), keys.cancel(job.jobId()),
                historyIndex(job, outcome.status()), keys.jobIndex()};
        List<Object> reply = FINISH.run(redis, ScriptOutputType.MULTI, scriptKeys, args);
        if (reply == null || reply.isEmpty() || !Long.valueOf(1).equals(reply.get(0))) {
            return new Finished(false, Optional.empty());
        }
        if (reply.size() < 4) {
            return new Finished(true, Optional.empty());
        }
        Map<String, String> hash = claimedHash(reply.get(2), (String) reply.get(1), platform);
        // what finish.lua wrote on taking the job, which its reply leaves out
        hash.put(JobRecord.STATUS, JobStatus.RUNNING.wireName());
        hash.put(JobRecord.STARTED_AT, (String) reply.get(4));
        hash.put(JobRecord.WORKER, workerName);
        int attempts = Integer.parseInt(hash.getOrDefault(JobRecord.ATTEMPTS, "0")) + 1;
        hash.put(JobRecord.ATTEMPTS, Integer.toString(attempts));
        return new Finished(true, Optional.of(new ClaimedJob(JobRecord.fromHash(hash), nextLockToken, false,
                (Long) reply.get(3))));
    }

    private static void requireFinalMove(ClaimedJob job, JobOutcome outcome) {
        if (!job.job().status().canMoveTo(outcome.status())) {
            throw new IllegalStateException("job " + job.jobId() + " cannot move from " + job.job().status()
                    + " to " + outcome.status());
        }
    }

    /** The history index of the claimed job's platform and workflow for {@code status}. */
    private String historyIndex(ClaimedJob job, JobStatus status) {
        return keys.history(status.wireName(), job.platform(), job.job().workflowId());
    }

    /**
     * The job's creation time in ms, its score in the history indexes, as the scripts take it: read from the
     * claimed hash so the script need not look it up; '' when the hash lacks it (the script then does).
     */
    private static String creationScore(ClaimedJob job) {
        String createdAt = job.job().createdAt();
        if (createdAt == null) {
            return "";
        }
        try {
            return Long.toString(Instant.parse(createdAt).toEpochMilli());
        } catch (DateTimeParseException e) {
            return "";
        }
    }

    /** Script arguments: {@code leading}, then the job hash fields a final outcome writes, as field/value pairs. */
    private static String[] withOutcomeFields(JobOutcome outcome, String... leading) {
        boolean completed = outcome.status() == JobStatus.COMPLETED;
        String[] args = Arrays.copyOf(leading, leading.length + (completed ? 8 : 6));
        int at = leading.length;
        args[at++] = JobRecord.STATUS;
        args[at++] = outcome.status().wireName();
        args[at++] = JobRecord.ERROR;
        args[at++] = outcome.error() == null ? "" : outcome.error();
        args[at++] = JobRecord.SUMMARY;
        args[at++] = outcome.summary() == null ? "" : Json.write(outcome.summary());
        if (completed) {
            args[at++] = JobRecord.PROGRESS;
            args[at] = "1";
        }
        return args;
    }

    /**
     * A claimed job's hash from a script's flat field/value list (a later pair wins over an earlier one of the same
     * field), with its id and platform when the hash lacks them.
     */
    private static Map<String, String> claimedHash(Object flatFields, String jobId, String platform) {
        List<?> flat = (List<?>) flatFields;
        Map<String, String> hash = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            hash.put((String) flat.get(i), (String) flat.get(i + 1));
        }
        hash.putIfAbsent(JobRecord.JOB_ID, jobId);
        hash.putIfAbsent(JobRecord.PLATFORM, platform);
        return hash;
    }

    /** What requeueing a dead-lettered job did. */
    public enum Requeue { REQUEUED, NOT_DEAD, GONE }

    /**
     * Moves a dead-lettered job back to its queue as pending with attempts reset to 0, in one step; a job that
     * is not dead-lettered (any more) is left alone.
     */
    public Requeue requeueDead(String jobId) {
        String result = REQUEUE_DEAD.run(redis, ScriptOutputType.VALUE,
                new String[]{keys.deadLetters(), keys.job(jobId), keys.sequence(), keys.jobIndex()},
                jobId, keys.queuePrefix(), keys.wakePrefix(), keys.historyPrefix());
        if (result != null && result.startsWith("requeued:")) {
            return Requeue.REQUEUED;
        }
        return "gone".equals(result) ? Requeue.GONE : Requeue.NOT_DEAD;
    }

    /** What a forced release found and did. */
    public record ForcedRelease(String platform, boolean lockWasHeld, Optional<String> runningJobId,
                                boolean requeued) {
    }

    /**
     * Frees the platform by hand: deletes its lock and running record, and puts a job still marked running back
     * at the head of its queue. Its worker finds its lease lost at the next renewal and discards its outcome.
     */
    public ForcedRelease forceRelease(String platform) {
        List<Object> reply = FORCE_RELEASE.run(redis, ScriptOutputType.MULTI,
                new String[]{keys.lock(platform), keys.running(platform), keys.queue(platform), keys.wake(platform),
                        keys.fence(platform), keys.jobIndex()},
                keys.jobPrefix(), keys.historyPrefix(), platform);
        String jobId = (String) reply.get(1);
        return new ForcedRelease(platform, Long.valueOf(1).equals(reply.get(0)),
                jobId.isEmpty() ? Optional.empty() : Optional.of(jobId), Long.valueOf(1).equals(reply.get(2)));
    }

    /** Asks the worker serving {@code platform} to restart between jobs; the request lapses after {@code ttl}. */
    public void requestRestart(String platform, Duration ttl) {
        redis.psetex(keys.restart(platform), ttl.toMillis(), "1");
    }

    /** Takes a restart request for {@code platform}: true for exactly one caller per request. */
    public boolean takeRestartRequest(String platform) {
        Long deleted = redis.del(keys.restart(platform));
        return deleted != null && deleted > 0;
    }

    /** What became of a run that failed retryably. */
    public enum RetryDecision {
        /** Pending again, in the scheduled set until its backoff has passed. */
        SCHEDULED,
        /** Its attempts were used up: failed and dead-lettered. */
        DEAD_LETTERED,
        /** A cancel request arrived meanwhile: it ended cancelled. */
        CANCELLED,
        /** The lease was lost: nothing written. */
        LEASE_LOST
    }

    /**
     * Ends a run that failed retryably and frees the platform: the job waits {@link #retryDelay} in the scheduled
     * set (keeping its checkpoint) while it has attempts left, else it fails and is dead-lettered.
     */
    public RetryDecision retryOrGiveUp(ClaimedJob job, JobOutcome outcome) {
        if (!outcome.retryable()) {
            throw new IllegalArgumentException("job " + job.jobId() + ": a final outcome is recorded by complete()");
        }
        Duration delay = retryDelay(job.job().attempts(), ThreadLocalRandom.current().nextDouble());
        Long decision = RETRY.run(redis, ScriptOutputType.INTEGER,
                new String[]{keys.lock(job.platform()), keys.running(job.platform()), keys.job(job.jobId()),
                        keys.scheduled(), keys.deadLetters(), keys.results(job.jobId()), keys.checkpoint(job.jobId()),
                        keys.checkpointItems(job.jobId()), keys.cancel(job.jobId()), keys.fence(job.platform()),
                        historyIndex(job, JobStatus.PENDING), historyIndex(job, JobStatus.FAILED),
                        historyIndex(job, JobStatus.CANCELLED), keys.jobIndex()},
                job.lockToken(), Long.toString(job.fence()), Long.toString(retention.toSeconds()),
                Integer.toString(maxAttempts), Long.toString(delay.toMillis()),
                outcome.error() == null ? "" : outcome.error(),
                outcome.summary() == null ? "" : Json.write(outcome.summary()), keys.jobEnded(job.platform()),
                creationScore(job));
        return switch (decision == null ? 0 : decision.intValue()) {
            case 1 -> RetryDecision.SCHEDULED;
            case 2 -> RetryDecision.DEAD_LETTERED;
            case 3 -> RetryDecision.CANCELLED;
            default -> RetryDecision.LEASE_LOST;
        };
    }

    /**
     * The wait before the run after run number {@code attempt} (1 = the first run failed): the retry backoff
     * doubled per attempt, at most {@link #MAX_RETRY_BACKOFF}, plus up to 10% jitter ({@code random} in [0, 1))
     * so jobs that failed together do not all come back at the same instant.
     */
    public Duration retryDelay(int attempt, double random) {
        long base = retryBackoff.toMillis();
        int doublings = Math.max(0, Math.min(attempt - 1, 30));
        long max = MAX_RETRY_BACKOFF.toMillis();
        // compared before shifting, so a large base cannot overflow
        long capped = base > (max >> doublings) ? max : base << doublings;
        return Duration.ofMillis(capped + (long) (capped * 0.1 * random));
    }

    /**
     * Queues the retries that are due (at most {@code limit}), each behind the queued jobs of its priority.
     * Safe to run from many processes at once: each job is moved once. Returns how many were queued.
     */
    public long moveDueRetries(int limit) {
        Long moved = MOVE_DUE.run(redis, ScriptOutputType.INTEGER,
                new String[]{keys.scheduled(), keys.sequence()},
                keys.jobPrefix(), keys.queuePrefix(), keys.wakePrefix(), Integer.toString(limit));
        return moved == null ? 0 : moved;
    }
}
