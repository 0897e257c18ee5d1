package io.productscanner.runtime.schedule;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.redis.RedisKeys;
import io.productscanner.runtime.redis.RedisScript;
import java.time.Duration;
import java.util.UUID;

/**
 * The Redis lease that makes one scheduler active across all processes. Its expiry runs on Redis's clock, so a
 * holder that dies without releasing is replaced within one TTL.
 */
public final class SchedulerLease {
    private static final RedisScript RENEW = RedisScript.load(SchedulerLease.class, "lease-renew.lua");
    private static final RedisScript RELEASE = RedisScript.load(SchedulerLease.class, "lease-release.lua");

    private final RedisCommands<String, String> redis;
    private final String key;
    private final Duration ttl;
    private final String token = UUID.randomUUID().toString();

    public SchedulerLease(RedisCommands<String, String> redis, RedisKeys keys, Duration ttl) {
        this.redis = redis;
        this.key = keys.schedulerLease();
        this.ttl = ttl;
    }

    /** Renews the lease if this process holds it, else takes it if it is free; true while held. */
    public boolean holdOrTake() {
        Long renewed =
                RENEW.run(redis, ScriptOutputType.INTEGER, new String[] {key}, token, Long.toString(ttl.toMillis()));
        if (renewed != null && renewed == 1L) {
            return true;
        }
        return "OK".equals(redis.set(key, token, SetArgs.Builder.nx().px(ttl.toMillis())));
    }

    /** Frees the lease if this process holds it. */
    public void release() {
        RELEASE.run(redis, ScriptOutputType.INTEGER, new String[] {key}, token);
    }

    public Duration ttl() {
        return ttl;
    }
}
