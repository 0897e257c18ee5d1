package io.productscanner.e2e.platforms;

import io.productscanner.spi.PluginKind;

/** Test platform {@code gammashop} on {@code https://gamma.test/goods/{id}}, kind browser (see {@link MirrorTextPlatform}). */
public final class GammaShopPlugin extends MirrorTextPlatform {
    public GammaShopPlugin() {
        super("gammashop", "gamma.test", PluginKind.BROWSER);
    }
}
