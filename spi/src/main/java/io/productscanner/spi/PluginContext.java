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
     * with them and creates their scanners with this same context, so it never depends on their modules.
     * Empty unless the runtime supplies it.
     */
    default List<PlatformPlugin> platforms() {
        return List.of();
    }
}
