package io.productscanner.e2e.platforms;

import io.productscanner.spi.PluginKind;

/** Test platform {@code alphashop} on {@code https://alpha.test/goods/{id}}, kind api (see {@link MirrorTextPlatform}). */
public final class AlphaShopPlugin extends MirrorTextPlatform {
    public AlphaShopPlugin() {
        super("alphashop", "alpha.test", PluginKind.API);
    }
}
