package io.productscanner.plugin.testkit;

import io.productscanner.spi.PluginContext;
import java.util.Map;
import java.util.Optional;

/** Plugin contexts for tests: fixed settings instead of the process environment. */
public final class TestContexts {
    private TestContexts() {}

    public static PluginContext withSettings(Map<String, String> settings) {
        Map<String, String> copy = Map.copyOf(settings);
        return name -> Optional.ofNullable(copy.get(name));
    }
}
