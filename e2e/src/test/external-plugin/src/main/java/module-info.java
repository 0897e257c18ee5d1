/** The acme platform plugin: reads acme.example products from its JSON API. */
module com.example.acme {
    requires productscanner.spi;
    requires productscanner.support.http;

    provides io.productscanner.spi.PlatformPlugin with com.example.acme.AcmePlugin;
}
