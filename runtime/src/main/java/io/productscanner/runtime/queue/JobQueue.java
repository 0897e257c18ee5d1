package io.productscanner.runtime.queue;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.redis.RedisKeys;
import io.productscanner.runtime.redis.RedisScript;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The per-platform job queues and platform locks. Every state change is one Lua script (see the .lua files
 * beside this class), so a crash at any instant loses no job and leaves no job both queued and running.
 */
public final class JobQueue {
    private static final RedisScript ENQUEUE = RedisScript.load(JobQueue.class, "time.lua", "enqueue.lua");
    private static final RedisScript CLAIM = RedisScript.load(JobQueue.class, "time.lua", "claim.lua");
    private static final RedisScript COMPLETE = RedisScript.load(JobQueue.class, "time.lua", "complete.lua");
    private static final RedisScript RENEW = RedisScript.load(JobQueue.class, "renew.lua");
    private static final RedisScript CANCEL = RedisScript.load(JobQueue.class, "time.lua", "cancel.lua");
    private static final RedisScript RELEASE = RedisScript.load(JobQueue.class, "release.lua");

    /** Workers that may die under one job before it is given up on. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    /** What a lease renewal found. */
    public enum Lease { LOST, HELD, HELD_CANCEL_REQUESTED }

    /** What a cancel request did. */
    public enum Cancellation { CANCELLED, CANCELLING, ALREADY_FINISHED, NOT_FOUND }

    private final RedisCommands<String, String> redis;
    private final RedisKeys keys;
    private final Duration lease;
    private final Duration retention;
    private final int maxAttempts;

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

    public RedisKeys keys() {
        return keys;
    }

    public Duration lease() {
        return lease;
    }

    /** Stores the job as pending and queues it on its platform; returns its FIFO sequence number. */
    public long enqueue(NewJob job) {
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
        List<String> args = new ArrayList<>(2 + fields.size() * 2);
        args.add(job.jobId());
        args.add(Integer.toString(job.priority()));
        fields.forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        Long sequence = ENQUEUE.run(redis, ScriptOutputType.INTEGER,
                new String[]{keys.job(job.jobId()), keys.queue(job.platform()), keys.wake(job.platform()),
                        keys.sequence()},
                args.toArray(String[]::new));
        return sequence;
    }

    /**
     * Takes the platform's next job if the platform is free.
     *
     * @param lockToken  a token unique to this attempt; it owns the platform lock while the job runs
     * @param workerName the worker's name, recorded on the job and the running record
     */
    public Optional<ClaimedJob> claim(String platform, String lockToken, String workerName) {
        List<Object> reply = CLAIM.run(redis, ScriptOutputType.MULTI,
                new String[]{keys.queue(platform), keys.lock(platform), keys.running(platform), keys.deadLetters()},
                lockToken, Long.toString(lease.toMillis()), workerName, keys.jobPrefix(),
                Integer.toString(maxAttempts));
        // Lua's false arrives as an empty list or a list holding one null
        if (reply == null || reply.size() < 2 || reply.get(0) == null) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Object> flat = (List<Object>) reply.get(1);
        Map<String, String> hash = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            hash.put((String) flat.get(i), (String) flat.get(i + 1));
        }
        hash.putIfAbsent(JobRecord.JOB_ID, (String) reply.get(0));
        hash.putIfAbsent(JobRecord.PLATFORM, platform);
        boolean recovered = reply.size() > 2 && Long.valueOf(1).equals(reply.get(2));
        return Optional.of(new ClaimedJob(JobRecord.fromHash(hash), lockToken, recovered));
    }

    /** Extends the platform lease, and says whether the job has been asked to cancel. */
    public Lease renew(ClaimedJob job) {
        Long renewed = RENEW.run(redis, ScriptOutputType.INTEGER,
                new String[]{keys.lock(job.platform()), keys.cancel(job.jobId())},
                job.lockToken(), Long.toString(lease.toMillis()));
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
                        keys.queue(job.platform()), keys.wake(job.platform())},
                job.lockToken(), job.jobId());
        return released != null && released == 1L;
    }

    /** Cancels a queued job at once, or asks a running one to stop at its next product. */
    public Cancellation cancel(String jobId) {
        String result = CANCEL.run(redis, ScriptOutputType.VALUE,
                new String[]{keys.job(jobId), keys.cancel(jobId)}, keys.queuePrefix(),
                Long.toString(retention.toSeconds()));
        if (result == null) {
            return Cancellation.NOT_FOUND;
        }
        return switch (result) {
            case "cancelled" -> Cancellation.CANCELLED;
            case "cancelling" -> Cancellation.CANCELLING;
            default -> Cancellation.ALREADY_FINISHED;
        };
    }

    /**
     * Records the outcome and frees the platform. Returns false, writing nothing, when the lease was lost
     * (another worker may own the platform now).
     */
    public boolean complete(ClaimedJob job, JobOutcome outcome) {
        if (!job.job().status().canMoveTo(outcome.status())) {
            throw new IllegalStateException("job " + job.jobId() + " cannot move from " + job.job().status()
                    + " to " + outcome.status());
        }
        List<String> args = new ArrayList<>(List.of(job.lockToken(), Long.toString(retention.toSeconds()),
                JobRecord.STATUS, outcome.status().wireName(),
                JobRecord.ERROR, outcome.error() == null ? "" : outcome.error(),
                JobRecord.SUMMARY, outcome.summary() == null ? "" : Json.write(outcome.summary())));
        if (outcome.status() == JobStatus.COMPLETED) {
            args.addAll(List.of(JobRecord.PROGRESS, "1"));
        }
        Long recorded = COMPLETE.run(redis, ScriptOutputType.INTEGER,
                new String[]{keys.lock(job.platform()), keys.running(job.platform()), keys.job(job.jobId()),
                        keys.results(job.jobId()), keys.checkpoint(job.jobId()), keys.checkpointItems(job.jobId()),
                        keys.cancel(job.jobId())},
                args.toArray(String[]::new));
        return recorded != null && recorded == 1L;
    }
}
