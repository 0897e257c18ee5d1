package io.productscanner.plugin.kurly;

import io.productscanner.spi.PluginContext;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.support.browser.BrowserPool;
import io.productscanner.support.core.AbstractPlatformPlugin;
import io.productscanner.support.core.ProductUrls;

/** The kurly platform: product pages read in the managed Chromium, one at a time. */
public final class KurlyPlugin extends AbstractPlatformPlugin {
    static final String ID = "kurly";

    /** {@code /goods/{number}} on kurly.com or a subdomain. */
    static final ProductUrls URLS = ProductUrls.onDomain("kurly.com")
            .productPath("/goods/(\\d+)/?")
            .canonical("https://www.kurly.com/goods/{id}")
            .describedAs("a kurly product URL", "a kurly product id")
            .acceptedForms("https://www.kurly.com/goods/{number} (kurly.com or any subdomain)")
            .build();

    public KurlyPlugin() {
        super(ID, PluginKind.BROWSER, URLS);
    }

    /** @throws IllegalArgumentException naming the setting when a {@code KURLY_*} override is malformed */
    @Override
    public ProductScanner createScanner(PluginContext context) {
        KurlyConfig config = KurlyConfig.load(context);
        return new KurlyScanner(config, BrowserPool.create(ID, context, config.browser()));
    }
}
