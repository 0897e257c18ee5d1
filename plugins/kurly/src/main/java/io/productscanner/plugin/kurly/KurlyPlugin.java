package io.productscanner.plugin.kurly;

import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ScanException;
import io.productscanner.support.browser.BrowserPool;

import java.net.URI;

/** The kurly platform: product pages read in the managed Chromium, one at a time. */
public final class KurlyPlugin implements PlatformPlugin {
    static final String ID = "kurly";

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
        return KurlyUrls.productId(url).isPresent();
    }

    @Override
    public String productId(URI url) throws ScanException {
        return KurlyUrls.requireProductId(url);
    }

    @Override
    public URI canonicalUrl(String productId) {
        return KurlyUrls.canonical(productId);
    }

    /** @throws IllegalArgumentException naming the setting when a {@code KURLY_*} override is malformed */
    @Override
    public ProductScanner createScanner(PluginContext context) {
        KurlyConfig config = KurlyConfig.load(context);
        return new KurlyScanner(config, BrowserPool.create(ID, context, config.browser()));
    }
}
