package io.productscanner.runtime.queue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** A job about to be queued: what to run, where, and with which inputs. */
public record NewJob(
        String jobId, String workflowId, String platform, int priority, JsonNode params, JsonNode metadata) {
    /** Priorities outside this range would lose FIFO order in the queue's score. */
    public static final int MIN_PRIORITY = -1000;

    public static final int MAX_PRIORITY = 1000;

    public NewJob {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(metadata, "metadata");
        if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
            throw new IllegalArgumentException("priority must be between " + MIN_PRIORITY + " and " + MAX_PRIORITY);
        }
    }
}
