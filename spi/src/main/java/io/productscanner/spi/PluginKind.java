package io.productscanner.spi;

import java.util.Locale;

/** How a plugin reaches its platform; decides which worker image and resources it needs. */
public enum PluginKind {
    /** Drives a real browser (Playwright + Chromium). */
    BROWSER,
    /** Calls the platform's HTTP endpoints (OkHttp). */
    API,
    /** Uses other plugins through the runtime (the extract worker). */
    MIXED;

    /** The lower-case name used in JSON and configuration. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
