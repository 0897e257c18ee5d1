package io.productscanner.plugin.kurly;

import io.productscanner.spi.PluginContext;
import io.productscanner.support.browser.BrowserSettings;
import io.productscanner.support.http.PluginConfig;

import java.net.URI;

/**
 * Where and how the plugin reads kurly: {@code kurly.properties} in this package, each key overridable by the
 * setting {@code KURLY_<KEY>}.
 *
 * @param pageUrlTemplate product page with an {@code {id}} placeholder
 * @param browser         the browser's limits, blocking and page profile
 */
record KurlyConfig(String pageUrlTemplate, BrowserSettings browser) {
    static final String SETTING_PREFIX = "KURLY";
    static final String PAGE_URL = "PAGE_URL";

    KurlyConfig {
        if (!pageUrlTemplate.contains("{id}") || !pageUrlTemplate.startsWith("http")) {
            throw new IllegalArgumentException("KURLY_PAGE_URL must be an http(s) URL containing {id}, was '"
                    + pageUrlTemplate + "'");
        }
    }

    static KurlyConfig load(PluginContext context) {
        PluginConfig config = PluginConfig.load(context, SETTING_PREFIX,
                KurlyConfig.class.getResourceAsStream("kurly.properties"));
        return new KurlyConfig(config.require(PAGE_URL), BrowserSettings.fromConfig(config, context));
    }

    String pageUrl(String productId) {
        return URI.create(pageUrlTemplate.replace("{id}", productId)).toString();
    }
}
