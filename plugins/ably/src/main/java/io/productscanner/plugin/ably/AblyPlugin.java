package io.productscanner.plugin.ably;

import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ScanException;
import io.productscanner.support.browser.BrowserPool;

import java.net.URI;

/** The ably platform: mobile product pages read in the managed Chromium, one at a time. */
public final class AblyPlugin implements PlatformPlugin {
    static final String ID = "ably";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public PluginKind kind() {
        return PluginKind.BROWSER;
    }

    @Override
    public boolean matches(URI url) {
        return AblyUrls.productId(url).isPresent();
    }

    @Override
    public String productId(URI url) throws ScanException {
        return AblyUrls.requireProductId(url);
    }

    @Override
    public URI canonicalUrl(String productId) {
        return AblyUrls.canonical(productId);
    }

    /** @throws IllegalArgumentException naming the setting when a {@code ABLY_*} override is malformed */
    @Override
    public ProductScanner createScanner(PluginContext context) {
        AblyConfig config = AblyConfig.load(context);
        return new AblyScanner(config, BrowserPool.create(ID, context, config.browser()));
    }
}
