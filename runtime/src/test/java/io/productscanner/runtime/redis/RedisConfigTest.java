package io.productscanner.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisURI;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.config.SettingsException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** REDIS_URL, else REDIS_HOST with REDIS_PORT and REDIS_PASSWORD; neither means no configured Redis. */
class RedisConfigTest {
    @Test
    void aHostWithPortAndPasswordMakesTheUri() {
        RedisURI uri = RedisConfig.from(Settings.of(Map.of(
                        "REDIS_URL",
                        "",
                        "REDIS_HOST",
                        "redis.internal",
                        "REDIS_PORT",
                        "6380",
                        "REDIS_PASSWORD",
                        "s3cret")))
                .uri()
                .orElseThrow();

        assertEquals("redis.internal", uri.getHost());
        assertEquals(6380, uri.getPort());
        assertEquals(
                "s3cret",
                new String(uri.getCredentialsProvider()
                        .resolveCredentials()
                        .block()
                        .getPassword()));
    }

    @Test
    void theUrlWinsOverTheHost() {
        RedisURI uri = RedisConfig.from(
                        Settings.of(Map.of("REDIS_URL", "redis://:pw@10.1.2.3:7000/2", "REDIS_HOST", "ignored")))
                .uri()
                .orElseThrow();

        assertEquals("10.1.2.3", uri.getHost());
        assertEquals(7000, uri.getPort());
        assertEquals(2, uri.getDatabase());
    }

    @Test
    void neitherUrlNorHostMeansNoConfiguredRedis() {
        assertTrue(RedisConfig.from(Settings.of(Map.of("REDIS_URL", "", "REDIS_HOST", " ")))
                .uri()
                .isEmpty());
    }

    @Test
    void theKeyPrefixDefaultsToWorkflow() {
        assertEquals(
                "workflow:",
                RedisConfig.from(Settings.of(Map.of("REDIS_KEY_PREFIX", ""))).keyPrefix());
        assertEquals(
                "staging:",
                RedisConfig.from(Settings.of(Map.of("REDIS_KEY_PREFIX", "staging:")))
                        .keyPrefix());
    }

    @Test
    void aPortThatIsNoNumberStopsStartUpNamingIt() {
        SettingsException e =
                assertThrows(SettingsException.class, () -> RedisConfig.from(Settings.of(Map.of("REDIS_PORT", "six"))));

        assertTrue(e.getMessage().startsWith("REDIS_PORT='six' is not valid"), e.getMessage());
    }

    @Test
    void itsTextShowsNoSecret() {
        String text = RedisConfig.from(
                        Settings.of(Map.of("REDIS_URL", "redis://:hunter2@h:1", "REDIS_PASSWORD", "hunter3")))
                .toString();

        assertFalse(text.contains("hunter"), text);
    }
}
