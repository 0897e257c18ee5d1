/**
 * HTTP support for API plugins: an OkHttp client whose interceptors route through the site mirror, send browser
 * headers, pace and retry requests; and the mapping of HTTP outcomes to typed scan failures.
 */
module productscanner.support.http {
    requires transitive productscanner.spi;
    requires transitive okhttp3;

    exports io.productscanner.support.http;
}
