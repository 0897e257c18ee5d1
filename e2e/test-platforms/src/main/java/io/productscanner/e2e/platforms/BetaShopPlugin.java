package io.productscanner.e2e.platforms;

import io.productscanner.spi.PluginKind;

/** Test platform {@code betashop} on {@code https://beta.test/goods/{id}}, kind browser (see {@link MirrorTextPlatform}). */
public final class BetaShopPlugin extends MirrorTextPlatform {
    public BetaShopPlugin() {
        super("betashop", "beta.test", PluginKind.BROWSER);
    }
}
