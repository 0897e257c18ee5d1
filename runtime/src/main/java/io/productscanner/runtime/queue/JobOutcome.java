package io.productscanner.runtime.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.job.JobStatus;
import java.util.Objects;

/**
 * How a job ended: its final status, the error when it failed, and its result summary.
 *
 * @param retryable whether another run may succeed (a failed node's error or timeout, not a broken workflow, a
 *                  cancel or a lost lease): such a failure is retried with backoff until the job's attempts are
 *                  used up, and only then is final
 */
public record JobOutcome(JobStatus status, String error, JsonNode summary, boolean retryable) {
    public JobOutcome {
        Objects.requireNonNull(status, "status");
        if (!status.finished()) {
            throw new IllegalArgumentException("an outcome needs a final status, not " + status);
        }
        if (retryable && status != JobStatus.FAILED) {
            throw new IllegalArgumentException("only a failure can be retried, not " + status);
        }
    }

    /** A final outcome. */
    public JobOutcome(JobStatus status, String error, JsonNode summary) {
        this(status, error, summary, false);
    }

    public static JobOutcome completed(JsonNode summary) {
        return new JobOutcome(JobStatus.COMPLETED, null, summary);
    }

    /** A failure that another run would meet again: the job ends failed at once. */
    public static JobOutcome failed(String error, JsonNode summary) {
        return new JobOutcome(JobStatus.FAILED, error, summary);
    }

    /** A failure another run may not meet: the job runs again after a backoff while it has attempts left. */
    public static JobOutcome failedRetryable(String error, JsonNode summary) {
        return new JobOutcome(JobStatus.FAILED, error, summary, true);
    }
}
