package io.productscanner.runtime.plugin;

import io.productscanner.runtime.config.Settings;
import io.productscanner.spi.PluginContext;

import java.util.Optional;

/** Hands plugins the process settings (environment, system properties, explicit overrides). */
final class RuntimePluginContext implements PluginContext {
    private final Settings settings;

    RuntimePluginContext(Settings settings) {
        this.settings = settings;
    }

    @Override
    public Optional<String> setting(String name) {
        return settings.raw(name);
    }
}
