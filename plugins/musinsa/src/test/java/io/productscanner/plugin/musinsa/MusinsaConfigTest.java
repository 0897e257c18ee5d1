package io.productscanner.plugin.musinsa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.plugin.testkit.TestContexts;
import io.productscanner.spi.SaleStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MusinsaConfigTest {
    @Test
    void theDefaultsAreTheOriginals() {
        MusinsaConfig config = MusinsaConfig.load(TestContexts.withSettings(Map.of()));

        assertEquals("https://goods-detail.musinsa.com/api2/goods/{id}", config.apiUrlTemplate());
        assertEquals("https://image.msscdn.net", config.imageBaseUrl());
        assertEquals(
                Map.of("SALE", SaleStatus.ON_SALE, "SOLDOUT", SaleStatus.SOLD_OUT, "STOP_SALE", SaleStatus.OFF_SALE),
                config.statusBySaleType());
        assertEquals(Set.of("DISPLAY_000_0002", "DISPLAY_000_0006", "NOT_FOUND"), config.notFoundErrorCodes());
        assertEquals(Duration.ofMillis(1000 + 2500), config.http().pacing(), "requestDelay + rate_limit");
    }

    @Test
    void everyKeyCanBeOverridden() {
        MusinsaConfig config = MusinsaConfig.load(TestContexts.withSettings(Map.of(
                "MUSINSA_API_URL", "https://goods-detail.musinsa.com/api3/goods/{id}?lang=ko",
                "MUSINSA_IMAGE_BASE_URL", "https://image2.msscdn.net/",
                "MUSINSA_STATUS_MAP", "SALE:on_sale, SOLDOUT:sold_out, STOP_SALE:off_sale, PRE_SALE:off_sale",
                "MUSINSA_NOT_FOUND_ERROR_CODES", "DISPLAY_000_0002",
                "MUSINSA_HEADER_REFERER", "https://m.musinsa.com/",
                "MUSINSA_PACING_MS", "0",
                "MUSINSA_MAX_ATTEMPTS", "5",
                "MUSINSA_READ_TIMEOUT_MS", "3000")));

        assertEquals("https://goods-detail.musinsa.com/api3/goods/{id}?lang=ko", config.apiUrlTemplate());
        assertEquals("https://image2.msscdn.net", config.imageBaseUrl());
        assertEquals(SaleStatus.OFF_SALE, config.statusBySaleType().get("PRE_SALE"));
        assertEquals(4, config.statusBySaleType().size());
        assertEquals(Set.of("DISPLAY_000_0002"), config.notFoundErrorCodes());
        assertEquals("https://m.musinsa.com/", config.http().defaultHeaders().get("Referer"));
        assertEquals(Duration.ZERO, config.http().pacing());
        assertEquals(5, config.http().maxAttempts());
        assertEquals(Duration.ofSeconds(3), config.http().readTimeout());
    }

    @Test
    void malformedOverridesNameTheirSetting() {
        assertFailureNames("MUSINSA_STATUS_MAP", Map.of("MUSINSA_STATUS_MAP", "SALE:selling"));
        assertFailureNames("MUSINSA_STATUS_MAP", Map.of("MUSINSA_STATUS_MAP", "SALE"));
        assertFailureNames("MUSINSA_API_URL", Map.of("MUSINSA_API_URL", "https://goods-detail.musinsa.com/api2/goods"));
        assertFailureNames("MUSINSA_API_URL", Map.of("MUSINSA_API_URL", "goods-detail/{id}"));
        assertFailureNames("MUSINSA_PACING_MS", Map.of("MUSINSA_PACING_MS", "2.5s"));
    }

    private static void assertFailureNames(String setting, Map<String, String> settings) {
        IllegalArgumentException failure = assertThrows(
                IllegalArgumentException.class, () -> MusinsaConfig.load(TestContexts.withSettings(settings)));
        assertTrue(failure.getMessage().contains(setting), failure.getMessage());
    }
}
