package io.productscanner.plugin.musinsa;

import io.productscanner.spi.PluginContext;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.support.core.AbstractPlatformPlugin;
import io.productscanner.support.core.ProductUrls;
import io.productscanner.support.http.HttpClients;

/**
 * The musinsa platform: products read from the goods-detail JSON API, one request at a time (the SPI's default
 * concurrency: the API answers bursts with 403/429, and pacing is per scanner anyway).
 */
public final class MusinsaPlugin extends AbstractPlatformPlugin {
    static final String ID = "musinsa";

    /** On musinsa.com or any of its subdomains; the product number may be followed by more path (/app/goods/{id}/0). */
    static final ProductUrls URLS = ProductUrls.onDomain("musinsa.com")
            .productPath("/(?:products|app/goods)/(\\d+)(?:/.*)?")
            .canonical("https://www.musinsa.com/products/{id}")
            .describedAs("a musinsa product URL", "a musinsa product id")
            .acceptedForms("https://www.musinsa.com/products/{number} or the older https://www.musinsa.com/app/goods/"
                    + "{number}, on musinsa.com or any of its subdomains (www., m., store.)")
            .build();

    public MusinsaPlugin() {
        super(ID, PluginKind.API, URLS);
    }

    /** @throws IllegalArgumentException naming the setting when a {@code MUSINSA_*} override is malformed */
    @Override
    public ProductScanner createScanner(PluginContext context) {
        MusinsaConfig config = MusinsaConfig.load(context);
        return new MusinsaScanner(config, HttpClients.create(context, config.http()));
    }
}
