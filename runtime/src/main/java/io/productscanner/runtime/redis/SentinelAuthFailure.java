package io.productscanner.runtime.redis;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.productscanner.runtime.logging.LogEvent;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A connection through Sentinels that ask for a password the process did not give, or gave wrong: Lettuce says only
 * that it cannot connect to a Sentinel (the sentinels' {@code NOAUTH}/{@code WRONGPASS} sits among suppressed
 * causes), so the operator is told which setting to look at.
 */
final class SentinelAuthFailure {
    private static final System.Logger LOG = System.getLogger(SentinelAuthFailure.class.getName());

    private SentinelAuthFailure() {}

    static <T> T explained(RedisURI uri, Supplier<T> connect) {
        try {
            return connect.get();
        } catch (RedisConnectionException e) {
            String refusals = refusals(e);
            if (uri.getSentinels().isEmpty() || !(refusals.contains("NOAUTH") || refusals.contains("WRONGPASS"))) {
                throw e;
            }
            String sentinels = uri.getSentinels().stream()
                    .map(sentinel -> sentinel.getHost() + ":" + sentinel.getPort())
                    .collect(Collectors.joining(","));
            String meaning = refusals.contains("WRONGPASS")
                    ? "the Sentinels at " + sentinels + " refuse REDIS_SENTINEL_PASSWORD; set it to their requirepass"
                    : "the Sentinels at " + sentinels
                            + " ask for a password; set REDIS_SENTINEL_PASSWORD to their requirepass (the URL's password goes to the Redis servers only)";
            LogEvent.error(LOG, "redis.sentinel_auth_failed", "sentinels", sentinels, "reason", meaning);
            throw new RedisConnectionException(meaning, e);
        }
    }

    /** The messages of the failure, its causes and what each suppressed. */
    private static String refusals(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            all.append(cause.getMessage()).append('\n');
            for (Throwable suppressed : cause.getSuppressed()) {
                all.append(refusals(suppressed));
            }
        }
        return all.toString();
    }
}
