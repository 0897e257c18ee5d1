package io.productscanner.runtime.plugin;

import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.metrics.ScannerMetrics;
import io.productscanner.spi.PluginContext;

import java.util.Optional;

/**
 * Hands one plugin the process settings (environment, system properties, explicit overrides) and counts the browser
 * restarts it reports under its platform.
 */
final class RuntimePluginContext implements PluginContext {
    private final Settings settings;
    private final String platform;

    RuntimePluginContext(Settings settings, String platform) {
        this.settings = settings;
        this.platform = platform;
    }

    @Override
    public Optional<String> setting(String name) {
        return settings.raw(name);
    }

    @Override
    public void browserRestarted() {
        ScannerMetrics.global().browserRestarted(platform);
    }
}
