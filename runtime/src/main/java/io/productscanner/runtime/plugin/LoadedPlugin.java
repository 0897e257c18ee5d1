package io.productscanner.runtime.plugin;

import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.SpiVersion;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A plugin found in the plugin directory, with the folder and module layer it came from.
 *
 * @param builtFor the SPI its JAR manifest says it was built for; null for a plugin not loaded from a folder
 */
public record LoadedPlugin(PlatformPlugin plugin, Path folder, ModuleLayer layer, SpiVersion builtFor) {
    /** A plugin given directly (embedding, tests): no manifest was read. */
    public LoadedPlugin(PlatformPlugin plugin, Path folder, ModuleLayer layer) {
        this(plugin, folder, layer, null);
    }

    public String id() {
        return plugin.id();
    }

    /**
     * The version of the plugin's module: what Maven's compiler records from the project version
     * ({@code productscanner.plugin.musinsa@0.1.0-SNAPSHOT}), or what an automatic module's JAR name says. Empty
     * for a plugin on the class path or a module built without one.
     */
    public Optional<String> version() {
        return Optional.ofNullable(plugin.getClass().getModule().getDescriptor())
                .flatMap(ModuleDescriptor::rawVersion);
    }
}
