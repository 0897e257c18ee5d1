package io.productscanner.runtime.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.job.JobStatus;

import java.util.Objects;

/** How a job ended: its final status, the error when it failed, and its result summary. */
public record JobOutcome(JobStatus status, String error, JsonNode summary) {
    public JobOutcome {
        Objects.requireNonNull(status, "status");
        if (!status.finished()) {
            throw new IllegalArgumentException("an outcome needs a final status, not " + status);
        }
    }

    public static JobOutcome completed(JsonNode summary) {
        return new JobOutcome(JobStatus.COMPLETED, null, summary);
    }

    public static JobOutcome failed(String error, JsonNode summary) {
        return new JobOutcome(JobStatus.FAILED, error, summary);
    }
}
