package io.productscanner.support.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.spi.SaleStatus;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PluginConfigTest {
    private static final String DEFAULTS = """
            API_URL=https://api.example.com/goods/{id}
            STATUS_SALE=on_sale
            STATUS_SOLDOUT=sold_out
            BRAND_LABEL=브랜드
            SALE_TYPES=SALE:on_sale, SOLDOUT:sold_out,STOP:off_sale
            ERROR_CODES=E1, E2,,
            """;

    @Test
    void aSettingOverridesTheDefault() {
        PluginConfig config = config(Map.of("SHOP_API_URL", "http://127.0.0.1:9/goods/{id}"));

        assertEquals("http://127.0.0.1:9/goods/{id}", config.require("API_URL"));
        assertEquals("SHOP_API_URL", config.settingName("API_URL"));
    }

    @Test
    void aBlankSettingKeepsTheDefault() {
        PluginConfig config = config(Map.of("SHOP_API_URL", "  "));

        assertEquals("https://api.example.com/goods/{id}", config.require("API_URL"));
    }

    @Test
    void readsTheDefaultsAsUtf8() {
        assertEquals(Optional.of("브랜드"), config(Map.of()).find("BRAND_LABEL"));
    }

    @Test
    void aSettingCanSupplyAKeyTheDefaultsLack() {
        assertEquals(
                Optional.of("off_sale"),
                config(Map.of("SHOP_STATUS_PAUSED", "off_sale")).find("STATUS_PAUSED"));
        assertEquals(Optional.empty(), config(Map.of()).find("STATUS_PAUSED"));
    }

    @Test
    void aMissingRequiredKeyNamesItsSetting() {
        IllegalStateException failure =
                assertThrows(IllegalStateException.class, () -> config(Map.of()).require("IMAGE_BASE_URL"));

        assertTrue(failure.getMessage().contains("SHOP_IMAGE_BASE_URL"), failure.getMessage());
    }

    @Test
    void listsTheKeysOfAFamily() {
        assertEquals(List.of("STATUS_SALE", "STATUS_SOLDOUT"), config(Map.of()).keysStartingWith("STATUS_"));
    }

    @Test
    void aMissingResourceIsReportedAsAPackagingError() {
        IllegalStateException failure =
                assertThrows(IllegalStateException.class, () -> PluginConfig.load(TestContexts.direct(), "SHOP", null));

        assertTrue(failure.getMessage().contains("shop plugin"), failure.getMessage());
    }

    @Test
    void readsAStatusMapAndASet() {
        assertEquals(
                Map.of("SALE", SaleStatus.ON_SALE, "SOLDOUT", SaleStatus.SOLD_OUT, "STOP", SaleStatus.OFF_SALE),
                config(Map.of()).requireStatusMap("SALE_TYPES"));
        assertEquals(Set.of("E1", "E2"), config(Map.of()).requireSet("ERROR_CODES"));
    }

    @Test
    void aMalformedStatusMapNamesItsSetting() {
        IllegalArgumentException noColon = assertThrows(
                IllegalArgumentException.class,
                () -> config(Map.of("SHOP_SALE_TYPES", "SALE=on_sale")).requireStatusMap("SALE_TYPES"));
        IllegalArgumentException unknownStatus = assertThrows(
                IllegalArgumentException.class,
                () -> config(Map.of("SHOP_SALE_TYPES", "SALE:selling")).requireStatusMap("SALE_TYPES"));

        assertTrue(noColon.getMessage().contains("SHOP_SALE_TYPES"), noColon.getMessage());
        assertTrue(unknownStatus.getMessage().contains("SHOP_SALE_TYPES"), unknownStatus.getMessage());
        assertTrue(unknownStatus.getMessage().contains("selling"), unknownStatus.getMessage());
    }

    private static PluginConfig config(Map<String, String> settings) {
        return PluginConfig.load(
                TestContexts.withSettings(settings),
                "SHOP",
                new ByteArrayInputStream(DEFAULTS.getBytes(StandardCharsets.UTF_8)));
    }
}
