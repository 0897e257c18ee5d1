package io.productscanner.plugin.hwahae;

import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ScanException;
import io.productscanner.support.http.HttpClients;

import java.net.URI;

/** The hwahae platform: products read from the commerce gateway JSON API, one request at a time. */
public final class HwahaePlugin implements PlatformPlugin {
    static final String ID = "hwahae";

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
        return HwahaeUrls.productId(url).isPresent();
    }

    @Override
    public String productId(URI url) throws ScanException {
        return HwahaeUrls.requireProductId(url);
    }

    @Override
    public URI canonicalUrl(String productId) {
        return HwahaeUrls.canonical(productId);
    }

    /** One at a time: pacing is per scanner, and the WAF notices bursts. */
    @Override
    public int maxConcurrency() {
        return 1;
    }

    /** @throws IllegalArgumentException naming the setting when a {@code HWAHAE_*} override is malformed */
    @Override
    public ProductScanner createScanner(PluginContext context) {
        HwahaeConfig config = HwahaeConfig.load(context);
        return new HwahaeScanner(config, HttpClients.create(context, config.http()));
    }
}
