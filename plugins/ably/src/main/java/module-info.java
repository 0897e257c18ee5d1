/** The ably platform plugin: reads products from the goods API answer their mobile pages fetch, in a managed Chromium. */
module productscanner.plugin.ably {
    requires productscanner.spi;
    requires productscanner.support.browser;
    requires com.fasterxml.jackson.databind;

    provides io.productscanner.spi.PlatformPlugin with io.productscanner.plugin.ably.AblyPlugin;
}
