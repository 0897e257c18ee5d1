package io.productscanner.runtime.queue;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.redis.JobWrite;
import io.productscanner.runtime.redis.RedisKeys;
import io.productscanner.runtime.redis.RedisScript;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries and dead letters: a run that failed retryably waits in the scheduled set with a growing backoff and
 * goes back to its queue when due, until its attempts are used up and it is failed and dead-lettered; a
 * dead-lettered job can be queued again by hand. One Lua script per state change, as in {@link JobQueue}.
 */
public final class JobRetries {
    private static final RedisScript RETRY = RedisScript.load(JobQueue.class, "time.lua", "history.lua", "retry.lua")
            .acknowledged();
    private static final RedisScript MOVE_DUE = RedisScript.load(JobQueue.class, "move-due.lua");
    private static final RedisScript REQUEUE_DEAD =
            RedisScript.load(JobQueue.class, "history.lua", "requeue-dead.lua").acknowledged();

    /** No retry waits longer than this (before jitter). */
    public static final Duration MAX_RETRY_BACKOFF = Duration.ofMinutes(10);

    /** What became of a run that failed retryably (retry.lua's answer). */
    public enum Decision {
        /** Pending again, in the scheduled set until its backoff has passed. */
        SCHEDULED,
        /** Its attempts were used up: failed and dead-lettered. */
        DEAD_LETTERED,
        /** A cancel request arrived meanwhile: it ended cancelled. */
        CANCELLED,
        /** The lease was lost: nothing written. */
        LEASE_LOST
    }

    /** What requeueing a dead-lettered job did. */
    public enum Requeue {
        REQUEUED,
        NOT_DEAD,
        GONE
    }

    private final RedisCommands<String, String> redis;
    private final RedisKeys keys;
    private final QueuePolicy policy;

    public JobRetries(RedisCommands<String, String> redis, RedisKeys keys, QueuePolicy policy) {
        this.redis = redis;
        this.keys = keys;
        this.policy = policy;
    }

    /**
     * Ends a run that failed retryably and frees the platform: the job waits {@link #retryDelay} in the scheduled
     * set (keeping its checkpoint) while it has attempts left, else it fails and is dead-lettered.
     */
    public Decision retryOrGiveUp(ClaimedJob job, JobOutcome outcome) {
        if (!outcome.retryable()) {
            throw new IllegalArgumentException("job " + job.jobId() + ": a final outcome is recorded by JobQueue");
        }
        Duration delay =
                retryDelay(job.job().attempts(), ThreadLocalRandom.current().nextDouble());
        String decision = RETRY.run(
                new JobWrite(redis, job.jobId(), job.platform()),
                ScriptOutputType.VALUE,
                new String[] {
                    keys.lock(job.platform()),
                    keys.running(job.platform()),
                    keys.job(job.jobId()),
                    keys.scheduled(),
                    keys.deadLetters(),
                    keys.results(job.jobId()),
                    keys.checkpoint(job.jobId()),
                    keys.checkpointItems(job.jobId()),
                    keys.cancel(job.jobId()),
                    keys.fence(job.platform()),
                    job.historyIndex(keys, JobStatus.PENDING),
                    job.historyIndex(keys, JobStatus.FAILED),
                    job.historyIndex(keys, JobStatus.CANCELLED),
                    keys.jobIndex(),
                    keys.lastFinished(job.platform())
                },
                job.lockToken(),
                Long.toString(job.fence()),
                Long.toString(policy.retention().toSeconds()),
                Integer.toString(policy.maxAttempts()),
                Long.toString(delay.toMillis()),
                outcome.error() == null ? "" : outcome.error(),
                outcome.summary() == null ? "" : Json.write(outcome.summary()),
                keys.jobEnded(job.platform()),
                job.creationScore());
        return Decision.valueOf(decision.toUpperCase(Locale.ROOT));
    }

    /**
     * The wait before the run after run number {@code attempt} (1 = the first run failed): the retry backoff
     * doubled per attempt, at most {@link #MAX_RETRY_BACKOFF}, plus up to 10% jitter ({@code random} in [0, 1))
     * so jobs that failed together do not all come back at the same instant.
     */
    public Duration retryDelay(int attempt, double random) {
        long base = policy.retryBackoff().toMillis();
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
        Long moved = MOVE_DUE.run(
                redis,
                ScriptOutputType.INTEGER,
                new String[] {keys.scheduled(), keys.sequence()},
                keys.jobPrefix(),
                keys.queuePrefix(),
                keys.wakePrefix(),
                Integer.toString(limit));
        return moved == null ? 0 : moved;
    }

    /**
     * Moves a dead-lettered job back to its queue as pending with attempts reset to 0, in one step; a job that
     * is not dead-lettered (any more) is left alone.
     */
    public Requeue requeueDead(String jobId) {
        String result = REQUEUE_DEAD.run(
                redis,
                ScriptOutputType.VALUE,
                new String[] {keys.deadLetters(), keys.job(jobId), keys.sequence(), keys.jobIndex()},
                jobId,
                keys.queuePrefix(),
                keys.wakePrefix(),
                keys.historyPrefix());
        if (result != null && result.startsWith("requeued:")) {
            return Requeue.REQUEUED;
        }
        return "gone".equals(result) ? Requeue.GONE : Requeue.NOT_DEAD;
    }
}
