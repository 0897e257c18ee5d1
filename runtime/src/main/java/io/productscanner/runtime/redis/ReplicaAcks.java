package io.productscanner.runtime.redis;

import io.productscanner.runtime.config.Setting;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.config.SettingsException;
import java.time.Duration;

/**
 * How many replicas must hold a write that the runtime acknowledges (an enqueue, a job's outcome, a lock hand-over)
 * before it counts, and how long such a write waits for them. With 0 (the default) a write counts once the primary
 * has it, and a failover may lose the last writes the replicas had not received yet.
 *
 * @param replicas {@code REDIS_MIN_REPLICA_ACKS}
 * @param timeout  {@code REDIS_REPLICA_ACK_TIMEOUT_MS}: the longest an acknowledged write waits (Redis' WAIT)
 */
public record ReplicaAcks(int replicas, Duration timeout) {
    /** Writes count once the primary has them. */
    public static final ReplicaAcks NONE = new ReplicaAcks(0, Duration.ofSeconds(1));

    public ReplicaAcks {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be 0 or more");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the wait for replicas must be positive");
        }
    }

    public static ReplicaAcks from(Settings settings) {
        return new ReplicaAcks(
                settings.integer(Setting.REDIS_MIN_REPLICA_ACKS, 0),
                settings.millis(Setting.REDIS_REPLICA_ACK_TIMEOUT_MS));
    }

    /**
     * As the settings ask, refused when the wait could eat a platform lease ({@code LOCK_TTL_MS}): a claim waits for
     * the replicas before its lease is renewed for the first time, up to a third of the lease later.
     */
    public static ReplicaAcks from(Settings settings, Duration lease) {
        ReplicaAcks acks = from(settings);
        if (acks.required() && acks.timeout().multipliedBy(3).compareTo(lease) >= 0) {
            throw new SettingsException(
                    "REDIS_REPLICA_ACK_TIMEOUT_MS=" + acks.timeout().toMillis()
                            + " must be less than a third of LOCK_TTL_MS=" + lease.toMillis()
                            + ": a claim waits that long for the replicas before its lease is first renewed");
        }
        return acks;
    }

    public boolean required() {
        return replicas > 0;
    }
}
