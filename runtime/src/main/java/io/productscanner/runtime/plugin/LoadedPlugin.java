package io.productscanner.runtime.plugin;

import io.productscanner.spi.PlatformPlugin;
import java.nio.file.Path;

/** A plugin found in the plugin directory, with the folder and module layer it came from. */
public record LoadedPlugin(PlatformPlugin plugin, Path folder, ModuleLayer layer) {
    public String id() {
        return plugin.id();
    }
}
