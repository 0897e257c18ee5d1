package io.productscanner.plugin.oliveyoung;

import io.productscanner.spi.PluginContext;
import io.productscanner.spi.SaleStatus;
import io.productscanner.support.browser.BrowserSettings;
import io.productscanner.support.core.PluginConfig;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * Where and how the plugin reads oliveyoung: {@code oliveyoung.properties} in this package, each key overridable by
 * the setting {@code OLIVEYOUNG_<KEY>}. Selector lists are tried in order.
 *
 * @param pageUrlTemplate mobile product page with an {@code {id}} placeholder
 * @param waits           how long to wait for the page to render, settle and show its thumbnail
 * @param selectors       what the page script looks for
 * @param texts           the texts and URL parts that decide the status
 * @param browser         the browser's limits, blocking and page profile (mobile emulation)
 */
record OliveyoungConfig(
        String pageUrlTemplate, Waits waits, PageSelectors selectors, StatusTexts texts, BrowserSettings browser) {
    static final String SETTING_PREFIX = "OLIVEYOUNG";

    OliveyoungConfig {
        if (!pageUrlTemplate.contains("{id}") || !pageUrlTemplate.startsWith("http")) {
            throw new IllegalArgumentException(
                    "OLIVEYOUNG_PAGE_URL must be an http(s) URL containing {id}, was '" + pageUrlTemplate + "'");
        }
    }

    /**
     * Bounds of the waits after navigation; a condition not met in time is read as it is.
     *
     * @param render    for a name, a rendered marker or a sign that the product is gone
     * @param settle    then for a purchase button (or element) and a price
     * @param thumbnail then for an image src holding a product number
     * @param poll      how often the conditions are checked
     */
    record Waits(Duration render, Duration settle, Duration thumbnail, Duration poll) {}

    /** The selectors, limits and patterns the page script reads with; see {@code oliveyoung.properties}. */
    record PageSelectors(
            List<String> rendered,
            List<String> overlay,
            int overlayZIndexAbove,
            List<String> mobileLayout,
            List<String> desktopLayout,
            List<String> name,
            int nameMinLength,
            List<String> brand,
            List<String> thumbnail,
            String thumbnailHost,
            List<String> thumbnailExclusions,
            String productNumberPattern,
            String priceHeading,
            int priceHeadingBlockIndex,
            List<String> price,
            List<String> errorPage,
            List<String> buyElement,
            List<String> restock,
            List<String> soldOutElement) {}

    /**
     * @param errorUrlPatterns   parts of the URL of the page a deleted product lands on
     * @param notFoundMessages   page texts meaning the product does not exist
     * @param offSaleMessages    page texts meaning its sale ended
     * @param deletedNames       names shown for a deleted product
     * @param statusByButtonText button text → status, checked in this order for each button
     */
    record StatusTexts(
            List<String> errorUrlPatterns,
            List<String> notFoundMessages,
            List<String> offSaleMessages,
            List<String> deletedNames,
            Map<String, SaleStatus> statusByButtonText) {
        StatusTexts {
            statusByButtonText = Collections.unmodifiableMap(new LinkedHashMap<>(statusByButtonText));
        }
    }

    static OliveyoungConfig load(PluginContext context) {
        PluginConfig config = PluginConfig.load(
                context, SETTING_PREFIX, OliveyoungConfig.class.getResourceAsStream("oliveyoung.properties"));
        Waits waits = new Waits(
                millis(config, "RENDER_TIMEOUT_MS"),
                millis(config, "SETTLE_TIMEOUT_MS"),
                millis(config, "THUMBNAIL_TIMEOUT_MS"),
                millis(config, "WAIT_POLL_MS"));
        String productNumber = config.require("PRODUCT_NUMBER_PATTERN");
        try {
            Pattern.compile(productNumber);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    config.settingName("PRODUCT_NUMBER_PATTERN") + " is not a regular expression: " + e.getMessage(),
                    e);
        }
        PageSelectors selectors = new PageSelectors(
                config.requireList("RENDERED_SELECTORS"),
                config.requireList("OVERLAY_SELECTORS"),
                number(config, "OVERLAY_Z_INDEX_ABOVE"),
                config.requireList("MOBILE_LAYOUT_SELECTORS"),
                config.requireList("DESKTOP_LAYOUT_SELECTORS"),
                config.requireList("NAME_SELECTORS"),
                number(config, "NAME_MIN_LENGTH"),
                config.requireList("BRAND_SELECTORS"),
                config.requireList("THUMBNAIL_SELECTORS"),
                config.require("THUMBNAIL_HOST"),
                config.requireList("THUMBNAIL_EXCLUSIONS"),
                productNumber,
                config.require("PRICE_HEADING_SELECTOR"),
                number(config, "PRICE_HEADING_BLOCK_INDEX"),
                config.requireList("PRICE_SELECTORS"),
                config.requireList("ERROR_PAGE_SELECTORS"),
                config.requireList("BUY_ELEMENT_SELECTORS"),
                config.requireList("RESTOCK_SELECTORS"),
                config.requireList("SOLD_OUT_ELEMENT_SELECTORS"));
        StatusTexts texts = new StatusTexts(
                config.requireList("ERROR_URL_PATTERNS"),
                config.requireList("NOT_FOUND_MESSAGES"),
                config.requireList("OFF_SALE_MESSAGES"),
                config.requireList("DELETED_PRODUCT_NAMES"),
                config.requireStatusMap("STATUS_BY_BUTTON_TEXT"));
        return new OliveyoungConfig(
                config.require("PAGE_URL"), waits, selectors, texts, BrowserSettings.fromConfig(config, context));
    }

    String pageUrl(String productId) {
        return pageUrlTemplate.replace("{id}", productId);
    }

    /** Not-found and off-sale messages alike: none of them is ever a product name. */
    List<String> allMessages() {
        return Stream.concat(texts.notFoundMessages().stream(), texts.offSaleMessages().stream())
                .toList();
    }

    /** The {@code cfg} argument of {@code oliveyoung-page.js}. */
    Map<String, Object> scriptConfig() {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("renderedSelectors", selectors.rendered());
        cfg.put("overlaySelectors", selectors.overlay());
        cfg.put("overlayZIndexAbove", selectors.overlayZIndexAbove());
        cfg.put("mobileLayoutSelectors", selectors.mobileLayout());
        cfg.put("desktopLayoutSelectors", selectors.desktopLayout());
        cfg.put("nameSelectors", selectors.name());
        cfg.put("nameMinLength", selectors.nameMinLength());
        cfg.put("brandSelectors", selectors.brand());
        cfg.put("thumbnailSelectors", selectors.thumbnail());
        cfg.put("thumbnailHost", selectors.thumbnailHost());
        cfg.put("thumbnailExclusions", selectors.thumbnailExclusions());
        cfg.put("productNumberPattern", selectors.productNumberPattern());
        cfg.put("priceHeadingSelector", selectors.priceHeading());
        cfg.put("priceHeadingBlockIndex", selectors.priceHeadingBlockIndex());
        cfg.put("priceSelectors", selectors.price());
        cfg.put("errorPageSelectors", selectors.errorPage());
        cfg.put("buyElementSelectors", selectors.buyElement());
        cfg.put("restockSelectors", selectors.restock());
        cfg.put("soldOutElementSelectors", selectors.soldOutElement());
        cfg.put("errorUrlPatterns", texts.errorUrlPatterns());
        cfg.put("messages", allMessages());
        cfg.put("deletedNames", texts.deletedNames());
        cfg.put("buttonTexts", List.copyOf(texts.statusByButtonText().keySet()));
        return Collections.unmodifiableMap(cfg);
    }

    private static Duration millis(PluginConfig config, String key) {
        long value = config.findLong(key)
                .orElseThrow(() -> new IllegalStateException("configuration key " + key + " is not set: set "
                        + config.settingName(key) + " or restore it in the plugin's defaults"));
        if (value <= 0) {
            throw new IllegalArgumentException(config.settingName(key) + " must be positive, was " + value);
        }
        return Duration.ofMillis(value);
    }

    private static int number(PluginConfig config, String key) {
        return Math.toIntExact(config.findLong(key)
                .orElseThrow(() -> new IllegalStateException("configuration key " + key + " is not set: set "
                        + config.settingName(key) + " or restore it in the plugin's defaults")));
    }
}
