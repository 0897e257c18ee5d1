package io.productscanner.runtime.plugin;

import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.SpiVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds plugins: every sub-folder of the plugin directory holds one plugin's JAR and its private dependencies,
 * and becomes its own {@link ModuleLayer} over the boot layer (which supplies the SPI). Plugins in different
 * folders never see each other's classes, so each may bring its own library versions. A plugin built for an SPI
 * this runtime cannot run is refused before it is instantiated ({@link PluginSpiVersion}).
 */
public final class PluginLoader {
    private static final System.Logger LOG = System.getLogger(PluginLoader.class.getName());

    private PluginLoader() {}

    /** Loads every plugin under {@code pluginDir}; a folder that cannot be loaded stops start-up. */
    public static List<LoadedPlugin> loadAll(Path pluginDir) {
        return load(folders(pluginDir));
    }

    /**
     * The plugin folders under {@code pluginDir}, by name.
     *
     * @throws PluginException when {@code pluginDir} is not a directory
     */
    static List<Path> folders(Path pluginDir) {
        if (!Files.isDirectory(pluginDir)) {
            throw new PluginException("plugin directory not found: " + pluginDir.toAbsolutePath()
                    + " (set PLUGIN_DIR to the folder holding one sub-folder per plugin)");
        }
        try (Stream<Path> children = Files.list(pluginDir)) {
            return children.filter(Files::isDirectory)
                    .sorted(Comparator.comparing(Path::getFileName))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list plugin directory " + pluginDir, e);
        }
    }

    /**
     * Loads the plugins of {@code folders}, ordered by id; a folder that cannot be loaded stops start-up.
     *
     * @throws PluginException also when two plugins have the same id
     */
    static List<LoadedPlugin> load(List<Path> folders) {
        return load(List.of(), folders);
    }

    /**
     * {@code loaded} and the plugins of {@code folders}, ordered by id.
     *
     * @throws PluginException also when a plugin of {@code folders} has the id of one already loaded
     */
    static List<LoadedPlugin> load(List<LoadedPlugin> loaded, List<Path> folders) {
        TreeMap<String, LoadedPlugin> byId = new TreeMap<>();
        loaded.forEach(plugin -> byId.put(plugin.id(), plugin));
        for (Path folder : folders) {
            for (LoadedPlugin found : loadFolder(folder)) {
                LoadedPlugin previous = byId.putIfAbsent(found.id(), found);
                if (previous != null) {
                    throw new PluginException("plugin id '" + found.id() + "' is provided twice: by "
                            + previous.folder() + " and " + folder);
                }
            }
        }
        return List.copyOf(byId.values());
    }

    private static List<LoadedPlugin> loadFolder(Path folder) {
        ModuleLayer boot = ModuleLayer.boot();
        ModuleFinder finder = new SharedModulesHidden(ModuleFinder.of(folder), boot);
        Set<String> roots;
        try {
            roots = finder.findAll().stream()
                    .map(ref -> ref.descriptor().name())
                    .collect(Collectors.toSet());
        } catch (FindException e) {
            throw new PluginException("plugin folder " + folder + " holds an unreadable module: " + e.getMessage());
        }
        if (roots.isEmpty()) {
            LogEvent.warn(LOG, "plugin.folder_empty", "folder", folder);
            return List.of();
        }
        ModuleLayer layer;
        try {
            // every module of the folder is a root: automatic modules (e.g. Playwright's) are only pulled in so
            Configuration configuration = boot.configuration().resolveAndBind(finder, ModuleFinder.of(), roots);
            layer = boot.defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader());
        } catch (FindException | ResolutionException | LayerInstantiationException e) {
            throw new PluginException("plugin folder " + folder + " cannot be loaded: " + e.getMessage());
        }
        List<LoadedPlugin> found = new ArrayList<>();
        for (ServiceLoader.Provider<PlatformPlugin> provider : ServiceLoader.load(layer, PlatformPlugin.class).stream()
                .filter(p -> p.type().getModule().getLayer() == layer)
                .toList()) {
            SpiVersion builtFor = PluginSpiVersion.requireRunnable(folder, layer, provider.type());
            PlatformPlugin plugin = provider.get();
            found.add(new LoadedPlugin(plugin, folder, layer, builtFor));
            LogEvent.debug(
                    LOG,
                    "plugin.found",
                    "id",
                    plugin.id(),
                    "kind",
                    plugin.kind().wireName(),
                    "folder",
                    folder,
                    "spi",
                    builtFor,
                    "modules",
                    layer.modules().stream().map(Module::getName).sorted().collect(Collectors.joining(",")));
        }
        if (found.isEmpty()) {
            throw new PluginException("plugin folder " + folder + " provides no " + PlatformPlugin.class.getName()
                    + " (modules: " + String.join(", ", new TreeSet<>(roots)) + ")");
        }
        return found;
    }

    /**
     * A plugin folder without the modules the runtime's boot layer already has (Jackson, say): those are shared
     * from the runtime. Two copies would clash, since an automatic module in the plugin layer reads every
     * module, its own layer's and the boot layer's alike.
     */
    private record SharedModulesHidden(ModuleFinder folder, ModuleLayer boot) implements ModuleFinder {
        @Override
        public Optional<ModuleReference> find(String name) {
            return boot.findModule(name).isPresent() ? Optional.empty() : folder.find(name);
        }

        @Override
        public Set<ModuleReference> findAll() {
            return folder.findAll().stream()
                    .filter(ref -> boot.findModule(ref.descriptor().name()).isEmpty())
                    .collect(Collectors.toSet());
        }
    }
}
