/**
 * Browser support for browser plugins: a managed Chromium (Playwright for Java driving the system's browser) that
 * hands plugins a ready page and keeps launching, rotation, timeouts, crash recovery, resource blocking and the
 * site mirror to itself.
 */
module productscanner.support.browser {
    requires transitive productscanner.spi;
    requires transitive productscanner.support.core;
    // an automatic module (named from its JAR); its driver and gson are resolved as roots of the plugin folder
    requires transitive playwright;
    // spans of the scan's calls; in the runtime the boot layer's API (the one the SDK is installed in), the folder's
    // copy hidden
    requires io.opentelemetry.api;
    requires io.opentelemetry.context;

    exports io.productscanner.support.browser;
}
