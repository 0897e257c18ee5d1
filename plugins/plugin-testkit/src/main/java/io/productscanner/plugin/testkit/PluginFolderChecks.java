package io.productscanner.plugin.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.SpiVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.module.ResolvedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks a packaged plugin folder (target/plugin/{id}) the way the runtime's plugin loader uses it: every module in it
 * resolved as a root into one layer over the boot layer, which holds the SPI. A plugin's PluginFolderIT runs with
 * the SPI on the module path ({@code --add-modules productscanner.spi}, plus {@code jdk.unsupported} for Playwright)
 * and the folder's own dependencies left off its class path.
 */
public final class PluginFolderChecks {
    private final String pluginId;
    private final String moduleName;
    private final Path folder;

    private PluginFolderChecks(String pluginId, String moduleName, Path folder) {
        this.pluginId = pluginId;
        this.moduleName = moduleName;
        this.folder = folder;
    }

    /**
     * The folder Maven passes as {@code plugin.folder}, expected to hold the plugin {@code pluginId} in module
     * {@code productscanner.plugin.{pluginId}}.
     */
    public static PluginFolderChecks of(String pluginId) {
        return of(pluginId, "productscanner.plugin." + pluginId);
    }

    /** The folder Maven passes as {@code plugin.folder}, holding plugin {@code pluginId} in {@code moduleName}. */
    public static PluginFolderChecks of(String pluginId, String moduleName) {
        return new PluginFolderChecks(pluginId, moduleName, Path.of(System.getProperty("plugin.folder")));
    }

    /**
     * Asserts that the folder holds only jars: the plugin's own, one starting with each of {@code dependencyPrefixes}
     * (e.g. {@code "okhttp-jvm-"}), and no copy of the SPI.
     */
    public void holdsThePluginAndItsPrivateDependenciesButNotTheSpi(List<String> dependencyPrefixes)
            throws IOException {
        List<String> jars = jars();
        for (String expected : Stream.concat(Stream.of(pluginId + "-"), dependencyPrefixes.stream())
                .toList()) {
            assertTrue(jars.stream().anyMatch(jar -> jar.startsWith(expected)), expected + "* missing from " + jars);
        }
        assertFalse(
                jars.stream().anyMatch(jar -> jar.startsWith("spi-")),
                "the SPI must come from the boot layer: " + jars);
        assertTrue(jars.stream().allMatch(jar -> jar.endsWith(".jar")), jars.toString());
    }

    /** Asserts that no jar in the folder starts with {@code prefix}; {@code why} explains the failure. */
    public void leavesOut(String prefix, String why) throws IOException {
        List<String> jars = jars();
        assertFalse(jars.stream().anyMatch(jar -> jar.startsWith(prefix)), why + ": " + jars);
    }

    /** Asserts that no package is in two modules of the folder and the boot layer together. */
    public void hasNoSplitPackages() {
        Map<String, String> moduleByPackage = new HashMap<>();
        Stream.concat(
                        ModuleFinder.of(folder).findAll().stream(),
                        ModuleLayer.boot().configuration().modules().stream().map(module -> module.reference()))
                .map(ModuleReference::descriptor)
                .forEach(descriptor -> descriptor.packages().forEach(pkg -> {
                    String previous = moduleByPackage.put(pkg, descriptor.name());
                    assertTrue(previous == null, "package " + pkg + " is in " + previous + " and " + descriptor.name());
                }));
    }

    /**
     * Loads the folder as one module layer over the boot layer and asserts that the layer provides exactly one
     * {@link PlatformPlugin}: this one, of {@code kind}, in the expected module, built for an SPI version the boot
     * layer's SPI runs ({@link SpiVersion}, as the runtime checks it), seeing the boot layer's SPI, with
     * {@code moduleInLayer} (e.g. {@code okhttp3}) resolved from the folder.
     */
    public PlatformPlugin loadsAsAModuleLayer(PluginKind kind, String moduleInLayer) {
        ModuleFinder finder = ModuleFinder.of(folder);
        Set<String> roots =
                finder.findAll().stream().map(ref -> ref.descriptor().name()).collect(Collectors.toSet());
        ModuleLayer boot = ModuleLayer.boot();
        Configuration configuration = boot.configuration().resolveAndBind(finder, ModuleFinder.of(), roots);
        ModuleLayer layer = boot.defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader());

        List<ServiceLoader.Provider<PlatformPlugin>> providers =
                ServiceLoader.load(layer, PlatformPlugin.class).stream()
                        .filter(provider -> provider.type().getModule().getLayer() == layer)
                        .toList();
        // checked before any plugin is instantiated, as the runtime does
        providers.forEach(provider ->
                assertBuiltForThisSpi(layer, provider.type().getModule().getName()));
        List<PlatformPlugin> plugins =
                providers.stream().map(ServiceLoader.Provider::get).toList();

        assertEquals(1, plugins.size(), plugins.toString());
        PlatformPlugin plugin = plugins.getFirst();
        assertEquals(pluginId, plugin.id());
        assertEquals(kind, plugin.kind());
        assertEquals(moduleName, plugin.getClass().getModule().getName());
        assertSame(boot, PlatformPlugin.class.getModule().getLayer(), "the SPI is the boot layer's");
        assertTrue(layer.findModule(moduleInLayer).isPresent(), moduleInLayer + " missing from the plugin's layer");
        return plugin;
    }

    private static void assertBuiltForThisSpi(ModuleLayer layer, String module) {
        String declared =
                manifestAttribute(layer, module, SpiVersion.MANIFEST_ATTRIBUTE).orElse(null);
        assertTrue(
                declared != null,
                module + "'s JAR manifest has no " + SpiVersion.MANIFEST_ATTRIBUTE
                        + ", so the runtime refuses it: build it with the plugin parent POM (io.productscanner:plugins)");
        assertTrue(
                SpiVersion.current().runs(SpiVersion.parse(declared)),
                module + " is built for SPI " + declared + ", which SPI " + SpiVersion.current() + " does not run");
    }

    private static Optional<String> manifestAttribute(ModuleLayer layer, String module, String attribute) {
        ModuleReference reference = layer.configuration()
                .findModule(module)
                .map(ResolvedModule::reference)
                .orElseThrow();
        try (ModuleReader reader = reference.open()) {
            Optional<InputStream> manifest = reader.open("META-INF/MANIFEST.MF");
            if (manifest.isEmpty()) {
                return Optional.empty();
            }
            try (InputStream in = manifest.get()) {
                return Optional.ofNullable(new Manifest(in).getMainAttributes().getValue(attribute));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> jars() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
