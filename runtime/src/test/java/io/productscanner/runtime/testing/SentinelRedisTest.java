package io.productscanner.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
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
}
