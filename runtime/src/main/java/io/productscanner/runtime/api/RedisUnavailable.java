package io.productscanner.runtime.api;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisReadOnlyException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Redis out of reach (down, restarting, still loading its data, or not answering within the client's timeout): the
 * API can neither queue nor read a job then, and answers 503 {@code redis_unavailable} with {@code Retry-After}
 * instead of a 500. The client reconnects by itself, so the next answers recover when Redis is back.
 */
final class RedisUnavailable {
    /** About how long a restarted Redis takes to answer again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private RedisUnavailable() {}

    /** The Redis failure that made {@code failure}, when Redis being out of reach is what went wrong. */
    static Optional<RedisException> causeOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RedisException redis && isOutOfReach(redis)) {
                return Optional.of(redis);
            }
        }
        return Optional.empty();
    }

    private static boolean isOutOfReach(RedisException e) {
        if (e instanceof RedisConnectionException
                || e instanceof RedisCommandTimeoutException
                || e instanceof RedisLoadingException
                // a primary demoted in a failover, before the client has followed Sentinel to the new one
                || e instanceof RedisReadOnlyException) {
            return true;
        }
        if (e instanceof RedisCommandExecutionException && isSwitching(e.getMessage())) {
            return true;
        }
        // a command Redis answered with an error (a script's, a wrong type) is a fault of ours, not an outage
        if (e instanceof RedisCommandExecutionException) {
            return false;
        }
        // a pipelined read that waited its time out, the link dropped under a command in flight ("Connection
        // closed"), or an I/O error from the socket
        return e.getCause() instanceof TimeoutException
                || e.getCause() instanceof IOException
                || e.getMessage() != null && e.getMessage().startsWith("Connection closed");
    }

    /**
     * Redis' refusals while it has no usable primary: a replica whose primary is gone ({@code MASTERDOWN}), a
     * primary that lost the replicas {@code min-replicas-to-write} asks for ({@code NOREPLICAS}), or a script
     * refused on a replica ({@code READONLY} inside a script's error).
     */
    private static boolean isSwitching(String message) {
        return message != null
                && (message.startsWith("MASTERDOWN")
                        || message.startsWith("NOREPLICAS")
                        || message.startsWith("READONLY")
                        || message.contains("-READONLY")
                        || message.startsWith("LOADING"));
    }

    static ApiException answer() {
        return ApiException.limited(
                503,
                "redis_unavailable",
                "Redis, where jobs and queues live, cannot be reached; retry later",
                RETRY_AFTER);
    }
}
