package io.productscanner.spi;

import java.net.URI;
import java.util.List;
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
     * Every platform plugin this process has loaded (the whole plugin directory, served or not), without the
     * {@link PluginKind#MIXED} ones. A mixed plugin (the extract worker) scans through these: it matches URLs
     * with them and creates their scanners with {@link #forPlatform(String)}, so it never depends on their modules.
     * Empty unless the runtime supplies it.
     */
    default List<PlatformPlugin> platforms() {
        return List.of();
    }

    /**
     * The context to hand a scanner of another platform created through this one (by a mixed plugin), so what that
     * scanner reports (browser restarts) is counted under its own platform. This context by default.
     */
    default PluginContext forPlatform(String platformId) {
        return this;
    }

    /**
     * Tells the runtime that the plugin killed and relaunched its browser after a crash or hang; the runtime counts
     * it per platform ({@code scanner_browser_restarts_total}). Does nothing by default.
     */
    default void browserRestarted() {}
}
