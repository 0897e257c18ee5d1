package io.productscanner.support.http;

import io.productscanner.spi.PluginContext;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** Plugin contexts for tests: fixed settings instead of the process environment. */
final class TestContexts {
    private TestContexts() {}

    static PluginContext withSettings(Map<String, String> settings) {
        return name -> Optional.ofNullable(settings.get(name));
    }

    static PluginContext withMirror(URI mirror) {
        return withSettings(Map.of("SCANNER_SITE_MIRROR", mirror.toString()));
    }

    static PluginContext direct() {
        return withSettings(Map.of());
    }
}
