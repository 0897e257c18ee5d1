package io.productscanner.plugin.ably;

import com.fasterxml.jackson.core.JsonPointer;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.SaleStatus;
import io.productscanner.support.browser.BrowserSettings;
import io.productscanner.support.core.PluginConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Where and how the plugin reads ably: {@code ably.properties} in this package, each key overridable by the setting
 * {@code ABLY_<KEY>}.
 *
 * @param pageUrlTemplate    mobile product page with an {@code {id}} placeholder
 * @param apiPathTemplate    path of the goods answer the page fetches, with an {@code {id}} placeholder
 * @param apiWait            how long after the navigation starts the page's goods answer is waited for
 * @param settleWait         how long the page is then watched for leaving the product, at most
 * @param settleQuiet        the watch ends earlier once the page has made no request for this long
 * @param fields             where each field is in the answer and in {@code __NEXT_DATA__}
 * @param statusBySaleType   {@code sale_type} → status
 * @param unmappedSaleType   status of any other {@code sale_type}
 * @param nextDataSelector   the page's data script
 * @param ogTitleSelector    meta element naming the product
 * @param ogImageSelector    meta element picturing it
 * @param titleSuffix        removed from the {@code og:title}
 * @param offSaleTexts       page texts (or alerts) meaning the product is not sold
 * @param soldOutTexts       page texts meaning sold out
 * @param offSalePaths       paths a product page leaves for when the product is off sale
 * @param browser            the browser's limits, blocking and page profile
 */
record AblyConfig(
        String pageUrlTemplate,
        String apiPathTemplate,
        Duration apiWait,
        Duration settleWait,
        Duration settleQuiet,
        Fields fields,
        Map<String, SaleStatus> statusBySaleType,
        SaleStatus unmappedSaleType,
        String nextDataSelector,
        String ogTitleSelector,
        String ogImageSelector,
        Pattern titleSuffix,
        List<String> offSaleTexts,
        List<String> soldOutTexts,
        List<String> offSalePaths,
        BrowserSettings browser) {
    static final String SETTING_PREFIX = "ABLY";

    /**
     * JSON pointers: {@code goods} from the root of the goods answer, {@code queries} from the root of
     * {@code __NEXT_DATA__}, {@code queryGoods} from one query, the rest from a goods object.
     */
    record Fields(
            JsonPointer goods,
            JsonPointer queries,
            JsonPointer queryGoods,
            JsonPointer name,
            JsonPointer brand,
            JsonPointer images,
            JsonPointer consumerPrice,
            JsonPointer thumbnailPrice,
            JsonPointer saleType) {}

    AblyConfig {
        if (!pageUrlTemplate.contains("{id}") || !pageUrlTemplate.startsWith("http")) {
            throw new IllegalArgumentException(
                    "ABLY_PAGE_URL must be an http(s) URL containing {id}, was '" + pageUrlTemplate + "'");
        }
        if (!apiPathTemplate.contains("{id}") || !apiPathTemplate.startsWith("/")) {
            throw new IllegalArgumentException(
                    "ABLY_API_PATH must be a path containing {id}, was '" + apiPathTemplate + "'");
        }
        statusBySaleType = Map.copyOf(statusBySaleType);
        offSaleTexts = List.copyOf(offSaleTexts);
        soldOutTexts = List.copyOf(soldOutTexts);
        offSalePaths = List.copyOf(offSalePaths);
    }

    static AblyConfig load(PluginContext context) {
        PluginConfig config =
                PluginConfig.load(context, SETTING_PREFIX, AblyConfig.class.getResourceAsStream("ably.properties"));
        Fields fields = new Fields(
                config.requirePointer("GOODS"),
                config.requirePointer("NEXT_DATA_QUERIES"),
                config.requirePointer("QUERY_GOODS"),
                config.requirePointer("FIELD_NAME"),
                config.requirePointer("FIELD_BRAND"),
                config.requirePointer("FIELD_IMAGES"),
                config.requirePointer("FIELD_CONSUMER_PRICE"),
                config.requirePointer("FIELD_THUMBNAIL_PRICE"),
                config.requirePointer("FIELD_SALE_TYPE"));
        return new AblyConfig(
                config.require("PAGE_URL"),
                config.require("API_PATH"),
                millis(config, "API_WAIT_MS", 5000),
                millis(config, "SETTLE_WAIT_MS", 2000),
                millis(config, "SETTLE_QUIET_MS", 500),
                fields,
                config.requireStatusMap("STATUS_MAP"),
                status(config, "UNMAPPED_SALE_TYPE_STATUS"),
                config.require("NEXT_DATA_SELECTOR"),
                config.require("OG_TITLE_SELECTOR"),
                config.require("OG_IMAGE_SELECTOR"),
                pattern(config, "TITLE_SUFFIX_PATTERN"),
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

    /** The path of the product's page, without a trailing slash: where the page must still be when it is read. */
    String productPath(String productId) {
        return pathOf(pageUrl(productId));
    }

    /** Whether the page left for an off-sale path (rather than any other page). */
    boolean offSalePath(String path) {
        return offSalePaths.stream().anyMatch(path::startsWith);
    }

    /** A status for any {@code sale_type}: the mapped one, else {@code UNMAPPED_SALE_TYPE_STATUS}. */
    SaleStatus status(String saleType) {
        return statusBySaleType.getOrDefault(saleType, unmappedSaleType);
    }

    /** The path of a URL without a trailing slash ({@code /} for the root); empty for what is not a URL. */
    static String pathOf(String url) {
        try {
            String path = URI.create(url).getPath();
            if (path == null || path.isEmpty()) {
                return "/";
            }
            return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static Duration millis(PluginConfig config, String key, long fallback) {
        long value = config.findLong(key).orElse(fallback);
        if (value < 0) {
            throw new IllegalArgumentException(config.settingName(key) + " must not be negative, was " + value);
        }
        return Duration.ofMillis(value);
    }

    private static SaleStatus status(PluginConfig config, String key) {
        try {
            return SaleStatus.fromWireName(config.require(key));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(config.settingName(key) + ": " + e.getMessage(), e);
        }
    }

    private static Pattern pattern(PluginConfig config, String key) {
        try {
            return Pattern.compile(config.require(key));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    config.settingName(key) + " must be a regular expression: " + e.getMessage(), e);
        }
    }
}
