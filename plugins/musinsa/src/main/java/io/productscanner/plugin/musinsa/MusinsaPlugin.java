package io.productscanner.plugin.musinsa;

import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ScanException;
import io.productscanner.support.http.HttpClients;

import java.net.URI;

/** The musinsa platform: products read from the goods-detail JSON API, one request at a time. */
public final class MusinsaPlugin implements PlatformPlugin {
    static final String ID = "musinsa";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public PluginKind kind() {
        return PluginKind.API;
    }

    @Override
    public boolean matches(URI url) {
        return MusinsaUrls.productId(url).isPresent();
    }

    @Override
    public String productId(URI url) throws ScanException {
        return MusinsaUrls.requireProductId(url);
    }

    @Override
    public URI canonicalUrl(String productId) {
        return MusinsaUrls.canonical(productId);
    }

    /** One at a time: the API answers bursts with 403/429, and pacing is per scanner anyway. */
    @Override
    public int maxConcurrency() {
        return 1;
    }

    /** @throws IllegalArgumentException naming the setting when a {@code MUSINSA_*} override is malformed */
    @Override
    public ProductScanner createScanner(PluginContext context) {
        MusinsaConfig config = MusinsaConfig.load(context);
        return new MusinsaScanner(config, HttpClients.create(context, config.http()));
    }
}
