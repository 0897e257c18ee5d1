/**
 * HTTP support for API plugins: an OkHttp client whose interceptors route through the site mirror, send browser
 * headers, pace and retry requests, bound answers and connect only where the egress policy (support-core) allows;
 * the mapping of HTTP outcomes to typed scan failures; and reading JSON answers into snapshot fields.
 */
module productscanner.support.http {
    requires transitive productscanner.spi;
    requires transitive productscanner.support.core;
    requires transitive okhttp3;
    requires transitive com.fasterxml.jackson.databind;
    // spans of the scan's calls; in the runtime the boot layer's API (the one the SDK is installed in), the folder's
    // copy hidden
    requires io.opentelemetry.api;
    requires io.opentelemetry.context;

    exports io.productscanner.support.http;
}
