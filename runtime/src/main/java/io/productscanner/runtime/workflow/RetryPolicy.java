package io.productscanner.runtime.workflow;

import java.time.Duration;

/**
 * How often a failing node is tried and how long to wait in between: {@code backoff_ms}, doubled after each
 * failed attempt. Problems of the workflow or its input ({@link WorkflowException}) are never retried.
 */
public record RetryPolicy(int maxAttempts, long backoffMillis) {
    public static final RetryPolicy ONCE = new RetryPolicy(1, 0);

    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("retry.max_attempts must be from 1 to 20");
        }
        if (backoffMillis < 0 || backoffMillis > 3_600_000) {
            throw new IllegalArgumentException("retry.backoff_ms must be from 0 to 3600000");
        }
    }

    /** The wait before attempt {@code next} (2, 3, ...). */
    public Duration backoffBefore(int next) {
        return Duration.ofMillis(backoffMillis << Math.min(16, next - 2));
    }
}
