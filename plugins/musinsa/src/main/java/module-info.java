/** The musinsa platform plugin: reads products from musinsa's goods-detail JSON API. */
module productscanner.plugin.musinsa {
    requires productscanner.spi;
    requires productscanner.support.http;
    requires com.fasterxml.jackson.databind;

    provides io.productscanner.spi.PlatformPlugin with
            io.productscanner.plugin.musinsa.MusinsaPlugin;
}
