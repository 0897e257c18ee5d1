package io.productscanner.plugin.oliveyoung;

import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ScanException;
import io.productscanner.support.browser.BrowserPool;

import java.net.URI;

/** The oliveyoung platform: mobile product pages read in the managed Chromium, one at a time. */
public final class OliveyoungPlugin implements PlatformPlugin {
    static final String ID = "oliveyoung";

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
        return OliveyoungUrls.productId(url).isPresent();
    }

    @Override
    public String productId(URI url) throws ScanException {
        return OliveyoungUrls.requireProductId(url);
    }

    @Override
    public URI canonicalUrl(String productId) {
        return OliveyoungUrls.canonical(productId);
    }

    /** @throws IllegalArgumentException naming the setting when a {@code OLIVEYOUNG_*} override is malformed */
    @Override
    public ProductScanner createScanner(PluginContext context) {
        OliveyoungConfig config = OliveyoungConfig.load(context);
        return new OliveyoungScanner(config, BrowserPool.create(ID, context, config.browser()));
    }
}
