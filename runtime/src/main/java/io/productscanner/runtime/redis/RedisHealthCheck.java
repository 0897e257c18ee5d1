package io.productscanner.runtime.redis;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.lettuce.core.api.sync.RedisCommands;

/** Ready only while Redis answers: without it no job can be queued or read. */
public final class RedisHealthCheck implements HealthCheck {
    private final RedisCommands<String, String> redis;

    public RedisHealthCheck(RedisCommands<String, String> redis) {
        this.redis = redis;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public HealthCheckResponse call() {
        long started = System.nanoTime();
        try {
            String pong = redis.ping();
            return HealthCheckResponse.builder()
                    .status("PONG".equals(pong))
                    .detail("latency_ms", (System.nanoTime() - started) / 1_000_000)
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.builder()
                    .status(false)
                    .detail("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
