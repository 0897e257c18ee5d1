package io.productscanner.runtime.redis;

import io.lettuce.core.RedisException;
import java.time.Duration;

/**
 * An acknowledged write that the primary applied but fewer replicas than {@code REDIS_MIN_REPLICA_ACKS} confirmed
 * within the wait: it stands on the primary and is lost only if the primary fails before a replica gets it. Whoever
 * asked for the write learns it may not survive a failover (the API answers 503 {@code redis_not_replicated}), and a
 * repeat with the same idempotency key is safe.
 */
public final class WriteNotReplicated extends RedisException {
    private final String script;
    private final long confirmed;
    private final int wanted;
    /** The script's reply: what the write did on the primary. */
    private final transient Object reply;

    WriteNotReplicated(String script, long confirmed, int wanted, Duration waited, Object reply) {
        super(script + " was applied on the Redis primary but " + confirmed + " of the " + wanted
                + " replicas asked for (REDIS_MIN_REPLICA_ACKS) confirmed it within " + waited.toMillis() + " ms");
        this.script = script;
        this.confirmed = confirmed;
        this.wanted = wanted;
        this.reply = reply;
    }

    public String script() {
        return script;
    }

    public long confirmed() {
        return confirmed;
    }

    public int wanted() {
        return wanted;
    }

    Object reply() {
        return reply;
    }
}
