/** The ably platform plugin: reads products from the goods answer their mobile pages fetch, in Chromium. */
module productscanner.plugin.ably {
    requires productscanner.spi;
    requires productscanner.support.browser;
    requires com.fasterxml.jackson.databind;

    provides io.productscanner.spi.PlatformPlugin with
            io.productscanner.plugin.ably.AblyPlugin;
}
