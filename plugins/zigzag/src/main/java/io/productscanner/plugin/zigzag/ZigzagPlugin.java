package io.productscanner.plugin.zigzag;

import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ScanException;
import io.productscanner.support.http.HttpClients;

import java.net.URI;

/**
 * The zigzag platform: products read from the GraphQL API and cross-checked against the product page, one product
 * at a time.
 */
public final class ZigzagPlugin implements PlatformPlugin {
    static final String ID = "zigzag";

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
        return ZigzagUrls.productId(url).isPresent();
    }

    @Override
    public String productId(URI url) throws ScanException {
        return ZigzagUrls.requireProductId(url);
    }

    @Override
    public URI canonicalUrl(String productId) {
        return ZigzagUrls.canonical(productId);
    }

    /** One at a time: CloudFront answers bursts with 403. */
    @Override
    public int maxConcurrency() {
        return 1;
    }

    /** @throws IllegalArgumentException naming the setting when a {@code ZIGZAG_*} override is malformed */
    @Override
    public ProductScanner createScanner(PluginContext context) {
        ZigzagConfig config = ZigzagConfig.load(context);
        // two clients, each paced on its own: the API and the page each see one request per product
        return new ZigzagScanner(config, HttpClients.create(context, config.http()),
                config.page() == null ? null : HttpClients.create(context, config.http()));
    }
}
