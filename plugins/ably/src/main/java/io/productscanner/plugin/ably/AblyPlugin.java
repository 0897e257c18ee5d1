package io.productscanner.plugin.ably;

import io.productscanner.spi.PluginContext;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.support.browser.BrowserPool;
import io.productscanner.support.core.AbstractPlatformPlugin;
import io.productscanner.support.core.ProductUrls;

/** The ably platform: mobile product pages read in the managed Chromium, one at a time. */
public final class AblyPlugin extends AbstractPlatformPlugin {
    static final String ID = "ably";

    /** {@code /goods/{number}} on a-bly.com, m.a-bly.com or www.a-bly.com; the canonical form is the mobile page. */
    static final ProductUrls URLS = ProductUrls.onHosts("a-bly.com", "m.a-bly.com", "www.a-bly.com")
            .productPath("/goods/(\\d+)/?")
            .canonical("https://m.a-bly.com/goods/{id}")
            .describedAs("an ably product URL", "an ably product id")
            .acceptedForms("https://m.a-bly.com/goods/{number} or https://a-bly.com/goods/{number}")
            .build();

    public AblyPlugin() {
        super(ID, PluginKind.BROWSER, URLS);
    }

    /** @throws IllegalArgumentException naming the setting when a {@code ABLY_*} override is malformed */
    @Override
    public ProductScanner createScanner(PluginContext context) {
        AblyConfig config = AblyConfig.load(context);
        return new AblyScanner(config, BrowserPool.create(ID, context, config.browser()));
    }
}
