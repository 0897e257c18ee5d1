package io.productscanner.runtime.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.config.SettingsException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog pool's settings: sane defaults, and a bad value refused at start naming the setting. */
class CatalogPoolConfigTest {
    private static String refusal(Map<String, String> settings) {
        return assertThrows(SettingsException.class, () -> CatalogPoolConfig.from(Settings.of(settings)))
                .getMessage();
    }

    @Test
    void defaultsBoundEveryWait() {
        assertEquals(
                new CatalogPoolConfig(
                        4,
                        Duration.ofSeconds(10),
                        Duration.ofMinutes(10),
                        Duration.ofMinutes(30),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(30)),
                CatalogPoolConfig.from(Settings.of(Map.of())));
    }

    @Test
    void badValuesAreRefusedNamingTheSetting() {
        assertEquals(
                "CATALOG_POOL_SIZE='0' is not valid: must be 1 or more", refusal(Map.of("CATALOG_POOL_SIZE", "0")));
        assertEquals(
                "CATALOG_POOL_SIZE='four' is not valid: For input string: \"four\"",
                refusal(Map.of("CATALOG_POOL_SIZE", "four")));
        assertEquals(
                "CATALOG_ACQUIRE_TIMEOUT_MS='100' is not valid: must be 250 or more",
                refusal(Map.of("CATALOG_ACQUIRE_TIMEOUT_MS", "100")));
        assertEquals(
                "CATALOG_SOCKET_TIMEOUT_SECONDS='-1' is not valid: must be 1 or more",
                refusal(Map.of("CATALOG_SOCKET_TIMEOUT_SECONDS", "-1")));
        assertEquals(
                "CATALOG_CONNECT_TIMEOUT_SECONDS='0' is not valid: must be 1 or more",
                refusal(Map.of("CATALOG_CONNECT_TIMEOUT_SECONDS", "0")));
        assertEquals(
                "CATALOG_STATEMENT_TIMEOUT_MS='0' is not valid: must be a positive number of milliseconds",
                refusal(Map.of("CATALOG_STATEMENT_TIMEOUT_MS", "0")));
        assertEquals(
                "CATALOG_IDLE_TIMEOUT_MS='5000' is not valid: must be 10000 or more",
                refusal(Map.of("CATALOG_IDLE_TIMEOUT_MS", "5000")));
        assertEquals(
                "CATALOG_MAX_LIFETIME_MS='1000' is not valid: must be 30000 or more",
                refusal(Map.of("CATALOG_MAX_LIFETIME_MS", "1000")));
    }

    @Test
    void aStatementTimeoutMustEndBeforeTheSocketTimeout() {
        assertEquals(
                "CATALOG_STATEMENT_TIMEOUT_MS=60000 must be shorter than CATALOG_SOCKET_TIMEOUT_SECONDS=60 (in ms): "
                        + "else a slow statement loses its connection instead of being cancelled",
                refusal(Map.of("CATALOG_STATEMENT_TIMEOUT_MS", "60000")));
        assertEquals(
                "CATALOG_IDLE_TIMEOUT_MS=1800000 must be shorter than CATALOG_MAX_LIFETIME_MS=1800000",
                refusal(Map.of("CATALOG_IDLE_TIMEOUT_MS", "1800000")));
    }
}
