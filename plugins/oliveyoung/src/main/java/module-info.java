/** The oliveyoung platform plugin: reads products from the mobile product page in a managed Chromium. */
module productscanner.plugin.oliveyoung {
    requires productscanner.spi;
    requires productscanner.support.browser;

    provides io.productscanner.spi.PlatformPlugin with
            io.productscanner.plugin.oliveyoung.OliveyoungPlugin;
}
