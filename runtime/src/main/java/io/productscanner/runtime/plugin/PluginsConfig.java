package io.productscanner.runtime.plugin;

import io.productscanner.runtime.config.Setting;
import io.productscanner.runtime.config.Settings;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the plugins are and which of them this process serves.
 *
 * @param dir             {@code PLUGIN_DIR}: one sub-folder per plugin
 * @param workerPlatforms {@code WORKER_PLATFORMS}, without blanks and repeats; empty serves every plugin found
 */
public record PluginsConfig(Path dir, List<String> workerPlatforms) {
    public PluginsConfig {
        workerPlatforms = List.copyOf(workerPlatforms);
    }

    public static PluginsConfig from(Settings settings) {
        return new PluginsConfig(
                settings.path(Setting.PLUGIN_DIR),
                settings.list(Setting.WORKER_PLATFORMS).stream().distinct().toList());
    }

    /** The same directory, serving every plugin in it, whatever {@code WORKER_PLATFORMS} says. */
    public PluginsConfig servingEvery() {
        return new PluginsConfig(dir, List.of());
    }

    /** The same directory, serving only {@code platform}. */
    public PluginsConfig servingOnly(String platform) {
        return new PluginsConfig(dir, List.of(platform));
    }
}
