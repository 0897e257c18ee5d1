package io.productscanner.support.core;

import io.productscanner.spi.PluginContext;
import java.util.Map;
import java.util.Optional;

/** Plugin contexts for tests: fixed settings instead of the process environment. */
final class TestContexts {
    private TestContexts() {}

    static PluginContext withSettings(Map<String, String> settings) {
        return name -> Optional.ofNullable(settings.get(name));
    }

    static PluginContext direct() {
        return withSettings(Map.of());
    }
}
