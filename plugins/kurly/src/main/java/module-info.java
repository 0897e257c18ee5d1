/** The kurly platform plugin: reads products from the __NEXT_DATA__ of their pages in a managed Chromium. */
module productscanner.plugin.kurly {
    requires productscanner.spi;
    requires productscanner.support.browser;
    requires com.fasterxml.jackson.databind;

    provides io.productscanner.spi.PlatformPlugin with
            io.productscanner.plugin.kurly.KurlyPlugin;
}
