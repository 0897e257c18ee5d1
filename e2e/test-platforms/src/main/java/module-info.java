/**
 * Test-only platforms for the end-to-end tests: they read a tiny text format from the site mirror. Two declare
 * kind BROWSER so the extract worker's one-browser-at-a-time path is exercised; they drive no browser.
 */
module productscanner.e2e.platforms {
    requires productscanner.spi;
    requires java.net.http;

    provides io.productscanner.spi.PlatformPlugin with io.productscanner.e2e.platforms.AlphaShopPlugin,
            io.productscanner.e2e.platforms.BetaShopPlugin, io.productscanner.e2e.platforms.GammaShopPlugin;
}
