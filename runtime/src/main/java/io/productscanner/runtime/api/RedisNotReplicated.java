package io.productscanner.runtime.api;

import io.productscanner.runtime.redis.WriteNotReplicated;
import java.time.Duration;
import java.util.Optional;

/**
 * A write the client asked for reached the Redis primary, but fewer replicas than {@code REDIS_MIN_REPLICA_ACKS}
 * confirmed it in time: the API cannot promise it survives a failover, so it answers 503 {@code redis_not_replicated}
 * with {@code Retry-After}. The job (or schedule) may exist; a repeat with the same {@code idempotency_key} returns
 * it rather than queueing a second one.
 */
final class RedisNotReplicated {
    /** Replicas that fell behind or reconnect catch up within seconds. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private RedisNotReplicated() {}

    static Optional<WriteNotReplicated> causeOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof WriteNotReplicated shortfall) {
                return Optional.of(shortfall);
            }
        }
        return Optional.empty();
    }

    static ApiException answer() {
        return ApiException.limited(
                503,
                "redis_not_replicated",
                "the write reached the Redis primary but too few replicas confirmed it, so a failover could lose it; retry with the same idempotency_key (a kept job is returned, not queued twice)",
                RETRY_AFTER);
    }
}
