/** The hwahae platform plugin: reads products from hwahae's commerce gateway JSON API. */
module productscanner.plugin.hwahae {
    requires productscanner.spi;
    requires productscanner.support.http;
    requires com.fasterxml.jackson.databind;

    provides io.productscanner.spi.PlatformPlugin with
            io.productscanner.plugin.hwahae.HwahaePlugin;
}
