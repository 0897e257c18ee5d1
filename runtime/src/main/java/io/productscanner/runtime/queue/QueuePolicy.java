package io.productscanner.runtime.queue;

import io.productscanner.runtime.config.Setting;
import io.productscanner.runtime.config.Settings;
import java.time.Duration;

/**
 * The settings the queue's parts share ({@link JobQueue}, {@link JobRetries}).
 *
 * @param lease                how long a platform lock holds without renewal ({@code LOCK_TTL_MS})
 * @param retention            how long a finished job's hash and results are kept ({@code JOB_RETENTION_SECONDS})
 * @param maxAttempts          how many runs a job gets (worker deaths and retryable failures both count) before it
 *                             is failed and dead-lettered
 * @param retryBackoff         the wait before a failed job's first retry, doubled for each further one
 * @param maxQueuedPerPlatform the most jobs a platform's queue may hold, a submit past it is refused
 *                             ({@link QueueFull}); 0 for no limit
 */
public record QueuePolicy(
        Duration lease, Duration retention, int maxAttempts, Duration retryBackoff, int maxQueuedPerPlatform) {
    /** Workers that may die under one job before it is given up on. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** The most jobs a platform's queue holds unless told otherwise ({@code MAX_QUEUED_JOBS_PER_PLATFORM}). */
    public static final int DEFAULT_MAX_QUEUED_PER_PLATFORM = 10_000;
    /** The wait before a failed job's first retry; it doubles with every further attempt. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(5);

    public QueuePolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1");
        }
        if (retryBackoff.isNegative()) {
            throw new IllegalArgumentException("retry backoff must not be negative");
        }
        if (maxQueuedPerPlatform < 0) {
            throw new IllegalArgumentException("the queue limit must not be negative");
        }
    }

    /**
     * As the settings ask: {@code LOCK_TTL_MS}, {@code JOB_RETENTION_SECONDS}, {@code MAX_ATTEMPTS},
     * {@code RETRY_BACKOFF_MS}, {@code MAX_QUEUED_JOBS_PER_PLATFORM}.
     */
    public static QueuePolicy from(Settings settings) {
        return new QueuePolicy(
                settings.millis(Setting.LOCK_TTL_MS),
                settings.value(Setting.JOB_RETENTION_SECONDS, QueuePolicy::positiveSeconds),
                settings.value(Setting.MAX_ATTEMPTS, QueuePolicy::attempts),
                settings.millis(Setting.RETRY_BACKOFF_MS),
                settings.integer(Setting.MAX_QUEUED_JOBS_PER_PLATFORM, 0));
    }

    private static Duration positiveSeconds(String value) {
        long seconds = Long.parseLong(value);
        if (seconds <= 0) {
            throw new IllegalArgumentException("must be a positive number of seconds");
        }
        return Duration.ofSeconds(seconds);
    }

    private static int attempts(String value) {
        int attempts = Integer.parseInt(value);
        if (attempts < 1) {
            throw new IllegalArgumentException("must be at least 1");
        }
        return attempts;
    }

    /** The given lease and retention, the defaults for the rest. */
    public static QueuePolicy of(Duration lease, Duration retention) {
        return new QueuePolicy(
                lease, retention, DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_BACKOFF, DEFAULT_MAX_QUEUED_PER_PLATFORM);
    }

    public QueuePolicy withMaxAttempts(int attempts) {
        return new QueuePolicy(lease, retention, attempts, retryBackoff, maxQueuedPerPlatform);
    }

    public QueuePolicy withRetryBackoff(Duration backoff) {
        return new QueuePolicy(lease, retention, maxAttempts, backoff, maxQueuedPerPlatform);
    }

    public QueuePolicy withMaxQueuedPerPlatform(int maxQueued) {
        return new QueuePolicy(lease, retention, maxAttempts, retryBackoff, maxQueued);
    }
}
