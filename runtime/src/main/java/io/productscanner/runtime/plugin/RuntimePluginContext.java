package io.productscanner.runtime.plugin;

import io.productscanner.runtime.config.Settings;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginContext;

import java.util.List;
import java.util.Optional;

/** Hands plugins the process settings (environment, system properties, explicit overrides) and the platforms. */
final class RuntimePluginContext implements PluginContext {
    private final Settings settings;
    private final List<PlatformPlugin> platforms;

    RuntimePluginContext(Settings settings, List<PlatformPlugin> platforms) {
        this.settings = settings;
        this.platforms = List.copyOf(platforms);
    }

    @Override
    public Optional<String> setting(String name) {
        return settings.raw(name);
    }

    @Override
    public List<PlatformPlugin> platforms() {
        return platforms;
    }
}
