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

    exports io.productscanner.support.browser;
}
