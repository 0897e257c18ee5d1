package io.productscanner.plugin.hwahae;

import io.productscanner.spi.PluginContext;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.support.core.AbstractPlatformPlugin;
import io.productscanner.support.core.ProductUrls;
import io.productscanner.support.http.HttpClients;

/**
 * The hwahae platform: products read from the commerce gateway JSON API, one request at a time (the SPI's default
 * concurrency: pacing is per scanner, and the WAF notices bursts).
 */
public final class HwahaePlugin extends AbstractPlatformPlugin {
    static final String ID = "hwahae";

    /**
     * On hwahae.co.kr or any of its subdomains, a path starting with {@code /goods/} or {@code /products/} whose last
     * all-digit segment is the goods number: the segments after it are empty or hold something besides digits.
     */
    static final ProductUrls URLS = ProductUrls.onDomain("hwahae.co.kr")
            .productPath("/(?:goods|products)/(?:[^/]*/)*?(\\d+)(?:/(?:[^/]*[^0-9/][^/]*)?)*")
            .canonical("https://www.hwahae.co.kr/goods/{id}")
            .describedAs("a hwahae product URL", "a hwahae goods id")
            .acceptedForms("https://www.hwahae.co.kr/goods/{number} or /products/.../{number} (the last numeric path "
                    + "segment is the number), on hwahae.co.kr or any of its subdomains")
            .build();

    public HwahaePlugin() {
        super(ID, PluginKind.API, URLS);
    }

    /** @throws IllegalArgumentException naming the setting when a {@code HWAHAE_*} override is malformed */
    @Override
    public ProductScanner createScanner(PluginContext context) {
        HwahaeConfig config = HwahaeConfig.load(context);
        return new HwahaeScanner(config, HttpClients.create(context, config.http()));
    }
}
