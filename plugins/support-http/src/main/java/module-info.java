/**
 * HTTP support for API plugins: an OkHttp client whose interceptors route through the site mirror, send browser
 * headers, pace and retry requests, bound answers and connect only where the egress policy allows; the mapping of
 * HTTP outcomes to typed scan failures; and reading JSON answers into snapshot fields. The egress policy is shared
 * with the browser support.
 */
module productscanner.support.http {
    requires transitive productscanner.spi;
    requires transitive okhttp3;
    requires transitive com.fasterxml.jackson.databind;

    exports io.productscanner.support.http;
    exports io.productscanner.support.http.egress;
}
