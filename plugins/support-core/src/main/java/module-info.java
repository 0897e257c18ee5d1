/**
 * What every plugin shares, however it reaches its platform: its configuration (defaults in a resource, overridable
 * per setting), its product-URL rules, a base for its {@link io.productscanner.spi.PlatformPlugin}, reading JSON
 * values into snapshot fields, and the egress policy both the HTTP and the browser support enforce.
 */
module productscanner.support.core {
    requires transitive productscanner.spi;
    requires transitive com.fasterxml.jackson.databind;

    exports io.productscanner.support.core;
    exports io.productscanner.support.core.egress;
}
