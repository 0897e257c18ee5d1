package io.productscanner.plugin.oliveyoung;

import io.productscanner.spi.PluginContext;
import io.productscanner.spi.SaleStatus;
import io.productscanner.support.browser.BrowserSettings;
import io.productscanner.support.http.PluginConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where and how the plugin reads oliveyoung: {@code oliveyoung.properties} in this package, each key overridable by
 * the setting {@code OLIVEYOUNG_<KEY>}. Selector lists are tried in order, the first match wins.
 *
 * @param pageUrlTemplate       mobile product page with an {@code {id}} placeholder
 * @param nameSelectors         product name, at least {@code nameMinLength} characters
 * @param nameMinLength         shorter texts are placeholders, not names
 * @param brandSelectors        brand
 * @param thumbnailSelectors    images whose {@code src} holds the product number
 * @param priceSelectors        the price block's text
 * @param buttonSelectors       purchase buttons, whose texts decide the status
 * @param desktopLayoutSelector present only in the desktop layout, which is then reloaded once
 * @param notFoundTexts         page texts meaning the product does not exist
 * @param errorPagePaths        paths of the error pages a deleted product redirects to
 * @param statusByButtonText    button text → status, checked in this order
 * @param browser               the browser's limits, blocking and page profile (mobile emulation)
 */
record OliveyoungConfig(String pageUrlTemplate, List<String> nameSelectors, int nameMinLength,
                        List<String> brandSelectors, List<String> thumbnailSelectors, List<String> priceSelectors,
                        List<String> buttonSelectors, String desktopLayoutSelector, List<String> notFoundTexts,
                        List<String> errorPagePaths, Map<String, SaleStatus> statusByButtonText,
                        BrowserSettings browser) {
    static final String SETTING_PREFIX = "OLIVEYOUNG";

    OliveyoungConfig {
        if (!pageUrlTemplate.contains("{id}") || !pageUrlTemplate.startsWith("http")) {
            throw new IllegalArgumentException("OLIVEYOUNG_PAGE_URL must be an http(s) URL containing {id}, was '"
                    + pageUrlTemplate + "'");
        }
        statusByButtonText = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(statusByButtonText));
    }

    static OliveyoungConfig load(PluginContext context) {
        PluginConfig config = PluginConfig.load(context, SETTING_PREFIX,
                OliveyoungConfig.class.getResourceAsStream("oliveyoung.properties"));
        return new OliveyoungConfig(
                config.require("PAGE_URL"),
                config.requireList("NAME_SELECTORS"),
                Math.toIntExact(config.findLong("NAME_MIN_LENGTH").orElse(3L)),
                config.requireList("BRAND_SELECTORS"),
                config.requireList("THUMBNAIL_SELECTORS"),
                config.requireList("PRICE_SELECTORS"),
                config.requireList("BUTTON_SELECTORS"),
                config.require("DESKTOP_LAYOUT_SELECTOR"),
                config.requireList("NOT_FOUND_TEXTS"),
                config.requireList("ERROR_PAGE_PATHS"),
                config.requireStatusMap("STATUS_BY_BUTTON_TEXT"),
                BrowserSettings.fromConfig(config, context));
    }

    String pageUrl(String productId) {
        return pageUrlTemplate.replace("{id}", productId);
    }
}
