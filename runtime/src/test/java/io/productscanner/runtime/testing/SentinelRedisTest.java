package io.productscanner.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.redis.RedisConfig;
import io.productscanner.runtime.redis.RedisConnections;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fixture does what the failover tests rely on: Lettuce finds the primary through {@link
 * SentinelRedis#sentinelUrl()}, a killed primary is replaced, and what the primary acknowledged while its replicas
 * were paused is gone after the next failover, while what came before is not.
 */
class SentinelRedisTest {
    @Test
    void killedPrimaryIsReplacedAndWritesDuringPausedReplicasAreLost() throws Exception {
        try (SentinelRedis redis = SentinelRedis.start(2, 3, true)) {
            RedisClient client = RedisClient.create();
            try {
                try (StatefulRedisConnection<String, String> c = client.connect(RedisURI.create(redis.sentinelUrl()))) {
                    c.sync().set("before", "1");
                    assertEquals(2L, c.sync().waitForReplication(2, 2000), "both replicas have it");
                }
                SentinelRedis.Address first = redis.killPrimary();
                SentinelRedis.Address second = redis.awaitFailover(first, Duration.ofSeconds(30));
                assertNotEquals(first, second);
                redis.restartKilled();

                try (StatefulRedisConnection<String, String> c = client.connect(RedisURI.create(redis.sentinelUrl()))) {
                    assertEquals("1", c.sync().get("before"), "replicated before the kill: kept");
                    redis.pauseReplicas();
                    c.sync().set("lagging", "1");
                    assertEquals(0L, c.sync().waitForReplication(1, 300), "no replica has it");
                }
                SentinelRedis.Address killed = redis.killPrimary();
                redis.resumeReplicas();
                SentinelRedis.Address third = redis.awaitFailover(killed, Duration.ofSeconds(30));
                try (StatefulRedisConnection<String, String> c = client.connect(RedisURI.create(redis.sentinelUrl()))) {
                    assertEquals(third.port(), redis.currentPrimary().port());
                    assertNull(c.sync().get("lagging"), "acknowledged by the dead primary only: lost");
                    assertEquals("1", c.sync().get("before"));
                }
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void sentinelsThatAskForAPasswordAreReachedWithTheSentinelPasswordOnly() throws Exception {
        try (SentinelRedis redis = SentinelRedis.start(1, 2, true, true)) {
            Settings settings = Settings.of(Map.of(
                    "REDIS_URL",
                    redis.sentinelUrl(),
                    "REDIS_SENTINEL_PASSWORD",
                    redis.sentinelPassword().orElseThrow()));
            try (RedisConnections connections =
                    RedisConnections.connect(RedisConfig.from(settings).uri().orElseThrow())) {
                connections.commands().set("through-sentinels", "1");
                assertEquals("1", connections.commands().get("through-sentinels"));
            }
            // without it, or with a wrong one, the sentinels refuse: the failure names the setting
            RedisURI withoutSentinelPassword = RedisConfig.from(Settings.of(Map.of("REDIS_URL", redis.sentinelUrl())))
                    .uri()
                    .orElseThrow();
            RedisConnectionException refused = assertThrows(
                    RedisConnectionException.class, () -> RedisConnections.connect(withoutSentinelPassword));
            assertTrue(
                    refused.getMessage().contains("ask for a password; set REDIS_SENTINEL_PASSWORD"),
                    refused.getMessage());
            Settings wrong = Settings.of(Map.of("REDIS_URL", redis.sentinelUrl(), "REDIS_SENTINEL_PASSWORD", "not-it"));
            RedisConnectionException wrongPassword = assertThrows(
                    RedisConnectionException.class,
                    () -> RedisConnections.connect(RedisConfig.from(wrong).uri().orElseThrow()));
            assertTrue(
                    wrongPassword.getMessage().contains("refuse REDIS_SENTINEL_PASSWORD"), wrongPassword.getMessage());
        }
    }
}
