package io.productscanner.spi;

import java.net.URI;
import java.util.Optional;

/** What the runtime hands a plugin when it creates a scanner. */
public interface PluginContext {
    /**
     * A setting from the process environment or runtime configuration, e.g. {@code MUSINSA_BASE_URL}.
     * Plugins read their overrides through this, never from {@link System#getenv} directly, so tests and
     * embedders can supply them.
     */
    Optional<String> setting(String name);

    /** The site mirror every outbound request must go through, when one is configured. */
    default Optional<URI> siteMirror() {
        return setting("SCANNER_SITE_MIRROR").filter(s -> !s.isBlank()).map(URI::create);
    }

    /**
     * Tells the runtime that the plugin killed and relaunched its browser after a crash or hang; the runtime counts
     * it per platform ({@code scanner_browser_restarts_total}). Does nothing by default.
     */
    default void browserRestarted() {
    }
}
