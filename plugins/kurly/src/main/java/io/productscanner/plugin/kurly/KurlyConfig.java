package io.productscanner.plugin.kurly;

import com.fasterxml.jackson.core.JsonPointer;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.SaleStatus;
import io.productscanner.support.browser.BrowserSettings;
import io.productscanner.support.core.PluginConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where and how the plugin reads kurly: {@code kurly.properties} in this package, each key overridable by the
 * setting {@code KURLY_<KEY>}.
 *
 * @param pageUrlTemplate      product page with an {@code {id}} placeholder
 * @param nextDataSelector     the page's data script
 * @param nextDataWait         how long to wait for it after DOMContentLoaded
 * @param ogTitleSelector      the meta element whose content names the product when the data does not
 * @param ogImageSelector      the meta element whose content pictures it then
 * @param fields               where each field is in the data
 * @param soldOutStatus        {@code isSoldOut} ({@code true}, {@code false}, {@code null} for null or missing) →
 *                             status
 * @param notFoundHttpStatuses document statuses meaning there is no such page
 * @param browser              the browser's limits, blocking and page profile
 */
record KurlyConfig(
        String pageUrlTemplate,
        String nextDataSelector,
        Duration nextDataWait,
        String ogTitleSelector,
        String ogImageSelector,
        Fields fields,
        Map<String, SaleStatus> soldOutStatus,
        Set<Integer> notFoundHttpStatuses,
        BrowserSettings browser) {
    static final String SETTING_PREFIX = "KURLY";
    static final String PAGE_URL = "PAGE_URL";

    /** JSON pointers into {@code __NEXT_DATA__}: page props and product from the root, the rest from the product. */
    record Fields(
            JsonPointer pageProps,
            JsonPointer product,
            JsonPointer name,
            JsonPointer brand,
            JsonPointer image,
            JsonPointer discountedPrice,
            JsonPointer basePrice,
            JsonPointer retailPrice,
            JsonPointer soldOut) {}

    KurlyConfig {
        if (!pageUrlTemplate.contains("{id}") || !pageUrlTemplate.startsWith("http")) {
            throw new IllegalArgumentException(
                    "KURLY_PAGE_URL must be an http(s) URL containing {id}, was '" + pageUrlTemplate + "'");
        }
        for (String value : new String[] {"true", "false", "null"}) {
            if (!soldOutStatus.containsKey(value)) {
                throw new IllegalArgumentException(
                        "KURLY_SOLD_OUT_STATUS_MAP must map true, false and null, was " + soldOutStatus);
            }
        }
        soldOutStatus = Map.copyOf(soldOutStatus);
        notFoundHttpStatuses = Set.copyOf(notFoundHttpStatuses);
    }

    static KurlyConfig load(PluginContext context) {
        PluginConfig config =
                PluginConfig.load(context, SETTING_PREFIX, KurlyConfig.class.getResourceAsStream("kurly.properties"));
        Fields fields = new Fields(
                config.requirePointer("FIELD_PAGE_PROPS"),
                config.requirePointer("FIELD_PRODUCT"),
                config.requirePointer("FIELD_NAME"),
                config.requirePointer("FIELD_BRAND"),
                config.requirePointer("FIELD_IMAGE"),
                config.requirePointer("FIELD_DISCOUNTED_PRICE"),
                config.requirePointer("FIELD_BASE_PRICE"),
                config.requirePointer("FIELD_RETAIL_PRICE"),
                config.requirePointer("FIELD_SOLD_OUT"));
        return new KurlyConfig(
                config.require(PAGE_URL),
                config.require("NEXT_DATA_SELECTOR"),
                Duration.ofMillis(config.findLong("NEXT_DATA_WAIT_MS").orElse(2000L)),
                config.require("OG_TITLE_SELECTOR"),
                config.require("OG_IMAGE_SELECTOR"),
                fields,
                config.requireStatusMap("SOLD_OUT_STATUS_MAP"),
                httpStatuses(config, "NOT_FOUND_HTTP_STATUSES"),
                BrowserSettings.fromConfig(config, context));
    }

    String pageUrl(String productId) {
        return URI.create(pageUrlTemplate.replace("{id}", productId)).toString();
    }

    private static Set<Integer> httpStatuses(PluginConfig config, String key) {
        try {
            return config.requireList(key).stream().map(Integer::valueOf).collect(Collectors.toSet());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    config.settingName(key) + " must list HTTP statuses such as 404, was '" + config.require(key) + "'",
                    e);
        }
    }
}
