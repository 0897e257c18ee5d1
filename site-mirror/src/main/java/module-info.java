/** A loopback HTTP server that answers mirrored requests ({@code /{host}{path}}) from recorded fixtures. */
module productscanner.sitemirror {
    requires jdk.httpserver;
    requires com.fasterxml.jackson.databind;

    exports io.productscanner.mirror;
}
