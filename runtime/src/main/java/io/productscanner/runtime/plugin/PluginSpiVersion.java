package io.productscanner.runtime.plugin;

import io.productscanner.spi.SpiVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.module.ResolvedModule;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.Manifest;

/**
 * The SPI a plugin module was built for, read from its JAR manifest ({@value SpiVersion#MANIFEST_ATTRIBUTE}), and
 * whether this runtime runs it ({@link SpiVersion#runs}): checked before the plugin is instantiated, since a plugin
 * built for another SPI may fail in any way once it runs.
 */
final class PluginSpiVersion {
    private PluginSpiVersion() {}

    /**
     * The SPI version {@code providerType}'s module was built for.
     *
     * @throws PluginException naming the folder, the plugin class, its SPI version and the runtime's when the runtime
     *                         cannot run it, or when its manifest does not say
     */
    static SpiVersion requireRunnable(Path folder, ModuleLayer layer, Class<?> providerType) {
        SpiVersion runtime = SpiVersion.current();
        String plugin = "plugin folder " + folder + " (" + providerType.getName() + " in module "
                + providerType.getModule().getName() + ")";
        String declared = manifestAttribute(layer, providerType.getModule().getName())
                .orElseThrow(() -> new PluginException(plugin
                        + " does not say which SPI it was built for: its JAR manifest has no "
                        + SpiVersion.MANIFEST_ATTRIBUTE + " (this runtime's SPI is " + runtime + "). Build it with "
                        + "the plugin parent POM io.productscanner:plugins, which writes it; see "
                        + "docs/WRITING-A-PLUGIN.md"));
        SpiVersion builtFor;
        try {
            builtFor = SpiVersion.parse(declared);
        } catch (IllegalArgumentException e) {
            throw new PluginException(plugin + " has an unreadable " + SpiVersion.MANIFEST_ATTRIBUTE
                    + " in its JAR manifest: " + e.getMessage() + " (this runtime's SPI is " + runtime + ")");
        }
        if (!runtime.runs(builtFor)) {
            throw new PluginException(plugin + " was built for SPI " + builtFor + ", but this runtime's SPI is "
                    + runtime + ", which runs plugins built for SPI " + runtime.major() + ".0 to " + runtime
                    + " (same major version, same or older minor): rebuild the plugin against SPI " + runtime
                    + ", or run it on a runtime whose SPI is " + builtFor + " or a later " + builtFor.major() + ".x");
        }
        return builtFor;
    }

    private static Optional<String> manifestAttribute(ModuleLayer layer, String moduleName) {
        ModuleReference reference = layer.configuration()
                .findModule(moduleName)
                .map(ResolvedModule::reference)
                .orElseThrow(() -> new IllegalStateException(moduleName + " is not in the plugin's layer"));
        try (ModuleReader reader = reference.open()) {
            Optional<InputStream> manifest = reader.open("META-INF/MANIFEST.MF");
            if (manifest.isEmpty()) {
                return Optional.empty();
            }
            try (InputStream in = manifest.get()) {
                String value = new Manifest(in).getMainAttributes().getValue(SpiVersion.MANIFEST_ATTRIBUTE);
                return Optional.ofNullable(value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + moduleName, e);
        }
    }
}
