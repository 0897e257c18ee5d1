package com.example.acme;

import io.productscanner.spi.PluginContext;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.support.core.AbstractPlatformPlugin;
import io.productscanner.support.core.PluginConfig;
import io.productscanner.support.core.ProductUrls;
import io.productscanner.support.http.HttpClients;
import io.productscanner.support.http.HttpSettings;

/** The acme platform: one call to the product API per product, one product at a time. */
public final class AcmePlugin extends AbstractPlatformPlugin {
    static final String ID = "acme";
    static final ProductUrls URLS = ProductUrls.onDomain("acme.example")
            .productPath("/p/(\\d+)/?")
            .canonical("https://shop.acme.example/p/{id}")
            .describedAs("an acme product URL", "an acme product id")
            .acceptedForms("https://shop.acme.example/p/{number}")
            .build();

    public AcmePlugin() {
        super(ID, PluginKind.API, URLS);
    }

    /** Reads {@code acme.properties}, each key overridable by the setting {@code ACME_<KEY>}. */
    @Override
    public ProductScanner createScanner(PluginContext context) {
        PluginConfig config = PluginConfig.load(context, "ACME",
                AcmePlugin.class.getResourceAsStream("acme.properties"));
        return new AcmeScanner(config, HttpClients.create(context, HttpSettings.fromConfig(config)));
    }
}
