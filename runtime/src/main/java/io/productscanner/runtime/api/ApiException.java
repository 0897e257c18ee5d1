package io.productscanner.runtime.api;

import java.time.Duration;
import java.util.Optional;

/**
 * A request the API refuses, rendered as {@code {"success": false, "error": {"code", "message", "field"}}}.
 *
 * @see ErrorHandlers
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;
    private final Duration retryAfter;

    public ApiException(int status, String code, String message, String field) {
        this(status, code, message, field, null);
    }

    private ApiException(int status, String code, String message, String field, Duration retryAfter) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
        this.retryAfter = retryAfter;
    }

    /**
     * A limit reached, answered with {@code Retry-After}: 429 for what one caller holds too much of, 503 for what
     * the service as a whole has no room for now. {@code code} and {@code message} name the limit.
     */
    public static ApiException limited(int status, String code, String message, Duration retryAfter) {
        return new ApiException(status, code, message, null, retryAfter);
    }

    /** A platform's queue is full ({@code MAX_QUEUED_JOBS_PER_PLATFORM}): 503 until workers drain it. */
    static ApiException queueFull(String message) {
        return limited(503, "queue_full", message + "; retry later", QUEUE_FULL_RETRY_AFTER);
    }

    /** When a caller refused for a full queue should try again. */
    private static final Duration QUEUE_FULL_RETRY_AFTER = Duration.ofSeconds(30);

    public static ApiException badRequest(String code, String message, String field) {
        return new ApiException(400, code, message, field);
    }

    public static ApiException notFound(String code, String message, String field) {
        return new ApiException(404, code, message, field);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    /** How long the caller should wait before trying again, for a limit reached. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
