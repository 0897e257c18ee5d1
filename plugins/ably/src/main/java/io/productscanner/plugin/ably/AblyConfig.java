package io.productscanner.plugin.ably;

import io.productscanner.spi.PluginContext;
import io.productscanner.spi.SaleStatus;
import io.productscanner.support.browser.BrowserSettings;
import io.productscanner.support.http.PluginConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where and how the plugin reads ably: {@code ably.properties} in this package, each key overridable by the setting
 * {@code ABLY_<KEY>}.
 *
 * @param pageUrlTemplate   mobile product page with an {@code {id}} placeholder
 * @param apiPathTemplate   path of the goods answer the page fetches, with an {@code {id}} placeholder
 * @param apiWait           how long to wait for that answer before falling back to the page itself
 * @param statusBySaleType  {@code sale_type} → status; any other type is off sale
 * @param titleSuffix       stripped from {@code og:title}
 * @param offSaleTexts      page texts meaning the product is not sold any more
 * @param soldOutTexts      page texts meaning sold out
 * @param offSalePaths      paths a product page redirects to when the product is off sale
 * @param browser           the browser's limits, blocking and page profile
 */
record AblyConfig(String pageUrlTemplate, String apiPathTemplate, Duration apiWait,
                  Map<String, SaleStatus> statusBySaleType, String titleSuffix, List<String> offSaleTexts,
                  List<String> soldOutTexts, List<String> offSalePaths, BrowserSettings browser) {
    static final String SETTING_PREFIX = "ABLY";

    AblyConfig {
        if (!pageUrlTemplate.contains("{id}") || !pageUrlTemplate.startsWith("http")) {
            throw new IllegalArgumentException("ABLY_PAGE_URL must be an http(s) URL containing {id}, was '"
                    + pageUrlTemplate + "'");
        }
        if (!apiPathTemplate.contains("{id}") || !apiPathTemplate.startsWith("/")) {
            throw new IllegalArgumentException("ABLY_API_PATH must be a path containing {id}, was '"
                    + apiPathTemplate + "'");
        }
        statusBySaleType = Map.copyOf(statusBySaleType);
    }

    static AblyConfig load(PluginContext context) {
        PluginConfig config = PluginConfig.load(context, SETTING_PREFIX,
                AblyConfig.class.getResourceAsStream("ably.properties"));
        return new AblyConfig(
                config.require("PAGE_URL"),
                config.require("API_PATH"),
                Duration.ofMillis(config.findLong("API_WAIT_MS").orElse(5000L)),
                config.requireStatusMap("STATUS_MAP"),
                config.find("TITLE_SUFFIX").orElse(""),
                config.requireList("OFF_SALE_TEXTS"),
                config.requireList("SOLD_OUT_TEXTS"),
                config.requireList("OFF_SALE_PATHS"),
                BrowserSettings.fromConfig(config, context));
    }

    String pageUrl(String productId) {
        return pageUrlTemplate.replace("{id}", productId);
    }

    String apiPath(String productId) {
        return apiPathTemplate.replace("{id}", productId);
    }

    /** Whether a page that landed on {@code url} was redirected away because the product is off sale. */
    boolean landedOffSale(String url) {
        String path = java.net.URI.create(url).getPath();
        return path != null && offSalePaths.stream().anyMatch(path::startsWith);
    }

    /** A status for any {@code sale_type}: the mapped one, else off sale. */
    SaleStatus status(String saleType) {
        return statusBySaleType.getOrDefault(saleType, SaleStatus.OFF_SALE);
    }
}
