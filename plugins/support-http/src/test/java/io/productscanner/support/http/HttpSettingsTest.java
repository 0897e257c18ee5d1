package io.productscanner.support.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.support.core.PluginConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {
    @Test
    void readsEveryKeyFromThePluginConfiguration() {
        PluginConfig config = config("""
                PACING_MS=2500
                MAX_ATTEMPTS=5
                BACKOFF_BASE_MS=200
                BACKOFF_MAX_MS=3000
                RETRY_AFTER_MAX_MS=4000
                CONNECT_TIMEOUT_MS=1000
                READ_TIMEOUT_MS=2000
                CALL_TIMEOUT_MS=9000
                HEADER_REFERER=https://www.example.com/
                HEADER_ACCEPT_LANGUAGE=ko
                """, Map.of());

        HttpSettings settings = HttpSettings.fromConfig(config);

        assertEquals(Duration.ofMillis(2500), settings.pacing());
        assertEquals(5, settings.maxAttempts());
        assertEquals(Duration.ofMillis(200), settings.backoffBase());
        assertEquals(Duration.ofMillis(3000), settings.backoffMax());
        assertEquals(Duration.ofMillis(4000), settings.maxRetryAfter());
        assertEquals(Duration.ofMillis(1000), settings.connectTimeout());
        assertEquals(Duration.ofMillis(2000), settings.readTimeout());
        assertEquals(Duration.ofMillis(9000), settings.callTimeout());
        assertEquals("https://www.example.com/", settings.defaultHeaders().get("Referer"));
        assertEquals("ko", settings.defaultHeaders().get("Accept-Language"));
        assertEquals(HttpSettings.CHROME_USER_AGENT, settings.defaultHeaders().get("User-Agent"));
    }

    @Test
    void absentKeysKeepTheDefaults() {
        assertEquals(HttpSettings.defaults(), HttpSettings.fromConfig(config("", Map.of())));
    }

    @Test
    void settingsOverrideTheDefaultsFile() {
        PluginConfig config = config(
                "PACING_MS=2500\nHEADER_REFERER=https://www.example.com/\n",
                Map.of("SHOP_PACING_MS", "0", "SHOP_HEADER_REFERER", "https://m.example.com/"));

        HttpSettings settings = HttpSettings.fromConfig(config);

        assertEquals(Duration.ZERO, settings.pacing());
        assertEquals("https://m.example.com/", settings.defaultHeaders().get("referer"));
    }

    @Test
    void aBadNumberNamesTheSetting() {
        PluginConfig config = config("PACING_MS=2500\n", Map.of("SHOP_PACING_MS", "2.5s"));

        IllegalArgumentException failure =
                assertThrows(IllegalArgumentException.class, () -> HttpSettings.fromConfig(config));

        assertTrue(failure.getMessage().contains("SHOP_PACING_MS"), failure.getMessage());
        assertTrue(failure.getMessage().contains("2.5s"), failure.getMessage());
    }

    @Test
    void rejectsImpossibleValues() {
        assertThrows(
                IllegalArgumentException.class, () -> HttpSettings.builder().maxAttempts(0));
        assertThrows(
                IllegalArgumentException.class, () -> HttpSettings.builder().pacing(Duration.ofMillis(-1)));
        assertThrows(
                IllegalArgumentException.class,
                () -> HttpSettings.builder()
                        .backoffBase(Duration.ofSeconds(2))
                        .backoffMax(Duration.ofSeconds(1))
                        .build());
    }

    @Test
    void aBuilderCopyDoesNotChangeTheOriginal() {
        HttpSettings original =
                HttpSettings.builder().header("Referer", "https://a.example/").build();

        HttpSettings changed = original.toBuilder()
                .header("Referer", "https://b.example/")
                .maxAttempts(1)
                .build();

        assertEquals("https://a.example/", original.defaultHeaders().get("Referer"));
        assertEquals(3, original.maxAttempts());
        assertEquals("https://b.example/", changed.defaultHeaders().get("Referer"));
        assertThrows(
                UnsupportedOperationException.class,
                () -> original.defaultHeaders().put("X", "y"));
    }

    private static PluginConfig config(String properties, Map<String, String> settings) {
        return PluginConfig.load(
                TestContexts.withSettings(settings),
                "SHOP",
                new ByteArrayInputStream(properties.getBytes(StandardCharsets.UTF_8)));
    }
}
