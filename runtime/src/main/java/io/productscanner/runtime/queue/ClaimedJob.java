package io.productscanner.runtime.queue;

import io.productscanner.runtime.job.JobLease;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.redis.RedisKeys;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A job this worker took from its platform's queue, with the lock token that proves it may run it.
 *
 * @param recovered whether the job was taken over from a worker that died while running it
 * @param fence     the lease's fencing token: the platform's claim counter, stored on the job; writes made for
 *                  this lease are refused once the job carries a newer one
 * @param traceparent the submitter's trace context (W3C {@code traceparent}) stored with the job, or null: the
 *                  worker's job span continues that trace, on every attempt
 */
public record ClaimedJob(JobRecord job, String lockToken, boolean recovered, long fence, String traceparent)
        implements JobLease {
    /** A job whose hash carries no trace context (queued with tracing off). */
    public ClaimedJob(JobRecord job, String lockToken, boolean recovered, long fence) {
        this(job, lockToken, recovered, fence, null);
    }

    /** A job run without a lease of its own (tests and tools that run a job body directly). */
    public ClaimedJob(JobRecord job, String lockToken, boolean recovered) {
        this(job, lockToken, recovered, 0);
    }

    @Override
    public String jobId() {
        return job.jobId();
    }

    @Override
    public String platform() {
        return job.platform();
    }

    /** The history index of this job's platform and workflow for {@code status} (a script's key). */
    String historyIndex(RedisKeys keys, JobStatus status) {
        return keys.history(status.wireName(), platform(), job.workflowId());
    }

    /**
     * The job's creation time in ms, its score in the history indexes, as the scripts take it: read from the
     * claimed hash so the script need not look it up; '' when the hash lacks it (the script then does).
     */
    String creationScore() {
        String createdAt = job.createdAt();
        if (createdAt == null) {
            return "";
        }
        try {
            return Long.toString(Instant.parse(createdAt).toEpochMilli());
        } catch (DateTimeParseException e) {
            return "";
        }
    }
}
