package io.productscanner.plugin.oliveyoung;

import io.productscanner.spi.PluginContext;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.support.browser.BrowserPool;
import io.productscanner.support.core.AbstractPlatformPlugin;
import io.productscanner.support.core.ProductUrls;

/** The oliveyoung platform: mobile product pages read in the managed Chromium, one at a time. */
public final class OliveyoungPlugin extends AbstractPlatformPlugin {
    static final String ID = "oliveyoung";

    /**
     * The {@code goodsNo} query parameter on oliveyoung.co.kr or a subdomain (the desktop {@code www.} page and the
     * mobile {@code m.} page alike); the canonical form is the mobile page, whichever form the product was given in.
     */
    static final ProductUrls URLS = ProductUrls.onDomain("oliveyoung.co.kr")
            .queryParameter("goodsNo")
            .productIds("[A-Z0-9]+", "upper-case letters and digits")
            .canonical("https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo={id}")
            .describedAs("an oliveyoung product URL", "an oliveyoung product id")
            .acceptedForms("https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo={id} or https://www."
                    + "oliveyoung.co.kr/store/goods/getGoodsDetail.do?goodsNo={id}, {id} like A000000238213")
            .build();

    public OliveyoungPlugin() {
        super(ID, PluginKind.BROWSER, URLS);
    }

    /** @throws IllegalArgumentException naming the setting when a {@code OLIVEYOUNG_*} override is malformed */
    @Override
    public ProductScanner createScanner(PluginContext context) {
        OliveyoungConfig config = OliveyoungConfig.load(context);
        return new OliveyoungScanner(config, BrowserPool.create(ID, context, config.browser()));
    }
}
