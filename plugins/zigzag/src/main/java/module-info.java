/**
 * The zigzag platform plugin: reads products from zigzag's GraphQL API and cross-checks whether they can be bought
 * against the product page's {@code __NEXT_DATA__}.
 */
module productscanner.plugin.zigzag {
    requires productscanner.spi;
    requires productscanner.support.http;
    requires com.fasterxml.jackson.databind;

    provides io.productscanner.spi.PlatformPlugin with
            io.productscanner.plugin.zigzag.ZigzagPlugin;
}
