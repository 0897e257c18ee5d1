package io.productscanner.runtime.queue;

import java.util.Objects;

/**
 * An idempotency key and who chose it. A key counts within its origin and the job's workflow: the same text sent
 * for another workflow queues another job, and a key a caller of the public API sends can never find a job the
 * scheduler queued (or the reverse), whatever it reads like.
 *
 * @param origin who chose the key
 * @param key    the key's text, as chosen
 */
public record IdempotencyKey(Origin origin, String key) {
    /** Who chose a key; each has its own Redis namespace. */
    public enum Origin {
        /** A caller of {@code POST /api/v2/workflows/execute}. */
        API("api"),
        /** The scheduler: one key per slot or run-now request. */
        SCHEDULER("scheduler");

        private final String namespace;

        Origin(String namespace) {
            this.namespace = namespace;
        }

        /** The part of the Redis key that sets this origin's keys apart. */
        public String namespace() {
            return namespace;
        }
    }

    public IdempotencyKey {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(key, "key");
    }

    /** A key a caller of the public API sent. */
    public static IdempotencyKey fromApiCaller(String key) {
        return new IdempotencyKey(Origin.API, key);
    }

    /** A key the scheduler made for one of a schedule's runs. */
    public static IdempotencyKey fromScheduler(String key) {
        return new IdempotencyKey(Origin.SCHEDULER, key);
    }
}
