package io.productscanner.runtime.plugin;

import io.productscanner.runtime.config.RawSettings;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginContext;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Hands one plugin the process settings (environment, system properties, explicit overrides) and the loaded
 * platforms, and counts the browser restarts it reports under its platform.
 */
final class RuntimePluginContext implements PluginContext {
    private final RawSettings settings;
    private final String platform;
    private final List<PlatformPlugin> platforms;
    private final Consumer<String> browserRestarts;

    RuntimePluginContext(
            RawSettings settings, String platform, List<PlatformPlugin> platforms, Consumer<String> browserRestarts) {
        this.settings = settings;
        this.platform = platform;
        this.platforms = List.copyOf(platforms);
        this.browserRestarts = browserRestarts;
    }

    @Override
    public Optional<String> setting(String name) {
        return settings.raw(name);
    }

    @Override
    public List<PlatformPlugin> platforms() {
        return platforms;
    }

    @Override
    public PluginContext forPlatform(String platformId) {
        return platformId.equals(platform)
                ? this
                : new RuntimePluginContext(settings, platformId, platforms, browserRestarts);
    }

    @Override
    public void browserRestarted() {
        browserRestarts.accept(platform);
    }
}
