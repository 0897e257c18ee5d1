package io.productscanner.plugin.zigzag;

import io.productscanner.spi.PluginContext;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.support.core.AbstractPlatformPlugin;
import io.productscanner.support.core.ProductUrls;
import io.productscanner.support.http.HttpClients;

/**
 * The zigzag platform: products read from the GraphQL API and cross-checked against the product page, one product
 * at a time (the SPI's default concurrency: CloudFront answers bursts with 403).
 */
public final class ZigzagPlugin extends AbstractPlatformPlugin {
    static final String ID = "zigzag";

    /** The catalog product number, on zigzag.kr or any of its subdomains. */
    static final ProductUrls URLS = ProductUrls.onDomain("zigzag.kr")
            .productPath("/catalog/products/(\\d+)/?")
            .canonical("https://zigzag.kr/catalog/products/{id}")
            .describedAs("a zigzag product URL", "a zigzag catalog product id")
            .acceptedForms("https://zigzag.kr/catalog/products/{number}, on zigzag.kr or any of its subdomains")
            .build();

    public ZigzagPlugin() {
        super(ID, PluginKind.API, URLS);
    }

    /** @throws IllegalArgumentException naming the setting when a {@code ZIGZAG_*} override is malformed */
    @Override
    public ProductScanner createScanner(PluginContext context) {
        ZigzagConfig config = ZigzagConfig.load(context);
        // two clients, each paced on its own: the API and the page each see one request per product
        return new ZigzagScanner(
                config,
                HttpClients.create(context, config.http()),
                config.page() == null ? null : HttpClients.create(context, config.http()));
    }
}
