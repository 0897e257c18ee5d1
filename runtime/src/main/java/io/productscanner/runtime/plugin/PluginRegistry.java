package io.productscanner.runtime.plugin;

import io.productscanner.runtime.config.RawSettings;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The plugins this process loaded and the ones it serves. The API, {@code serve} and {@code scan} load every plugin
 * in the plugin directory (the API describes them and checks URLs); a worker whose {@code WORKER_PLATFORMS} names
 * some loads only those ({@link #loadServed}), unless one of them is a mixed plugin, which scans through every
 * platform. Only served plugins get scanners.
 */
public final class PluginRegistry implements AutoCloseable {
    /** The runtime's own queue for workflows that belong to no platform. */
    public static final String DEFAULT_QUEUE = "default";

    private static final System.Logger LOG = System.getLogger(PluginRegistry.class.getName());

    private final List<LoadedPlugin> known;
    private final List<LoadedPlugin> served;
    private final boolean servesDefaultQueue;
    /** What {@code WORKER_PLATFORMS} asked for, so {@link #withEveryPlugin} can select the same. */
    private final List<String> requested;

    private final Path dir;
    /** The plugin folders left unloaded; empty when every plugin of the directory is loaded. */
    private final List<Path> unloaded;
    /** What each plugin reads its own settings from. */
    private final RawSettings settings;

    private final Consumer<String> browserRestarts;
    private final List<PlatformPlugin> platforms;
    private final Map<String, ProductScanner> scanners = new ConcurrentHashMap<>();

    private PluginRegistry(
            List<LoadedPlugin> known,
            List<LoadedPlugin> served,
            List<String> requested,
            Path dir,
            List<Path> unloaded,
            RawSettings settings,
            Consumer<String> browserRestarts) {
        this.known = List.copyOf(known);
        this.served = List.copyOf(served);
        this.servesDefaultQueue = requested.isEmpty() || requested.contains(DEFAULT_QUEUE);
        this.requested = List.copyOf(requested);
        this.dir = dir;
        this.unloaded = List.copyOf(unloaded);
        this.settings = settings;
        this.browserRestarts = browserRestarts;
        this.platforms = platformsOf(known);
    }

    /**
     * Loads every plugin of the plugin directory and selects the ones named in {@code WORKER_PLATFORMS} to serve;
     * each plugin reads its own settings from {@code settings}.
     *
     * @param browserRestarts told the platform each time a browser of its plugin is relaunched, to count it
     * @throws PluginException naming the available plugins when a requested one does not exist
     */
    public static PluginRegistry load(PluginsConfig config, RawSettings settings, Consumer<String> browserRestarts) {
        return select(
                PluginLoader.loadAll(config.dir()), config.workerPlatforms(), settings, config.dir(), browserRestarts);
    }

    /**
     * Loads the plugin directory as {@link #load(PluginsConfig, RawSettings, Consumer)} does, for a command that
     * counts nothing (it serves no metrics): {@code scan}, tools and tests.
     */
    public static PluginRegistry load(PluginsConfig config, RawSettings settings) {
        return load(config, settings, platform -> {});
    }

    /**
     * Loads only the plugins a worker serves: the folders named like the platforms in {@code WORKER_PLATFORMS}
     * ({@code default}, the runtime's own queue, needs none). Every plugin is loaded, as {@link #load} does, when
     * {@code WORKER_PLATFORMS} is empty, when a platform is not in the folder of its name (folder names are the
     * operator's choice: the plugin's id is only known once it is loaded), and when a served plugin is mixed (the
     * extract worker scans through every platform plugin).
     *
     * @throws PluginException naming the available plugins when a requested one does not exist
     */
    public static PluginRegistry loadServed(
            PluginsConfig config, RawSettings settings, Consumer<String> browserRestarts) {
        List<String> requested = config.workerPlatforms();
        if (requested.isEmpty()) {
            return load(config, settings, browserRestarts);
        }
        List<Path> folders = PluginLoader.folders(config.dir());
        List<Path> named = folders.stream()
                .filter(folder -> requested.contains(folder.getFileName().toString()))
                .toList();
        List<Path> others =
                folders.stream().filter(folder -> !named.contains(folder)).toList();
        List<LoadedPlugin> loaded = PluginLoader.load(named);
        Optional<String> everyNeeded = whyEveryPluginIsNeeded(loaded, requested);
        if (everyNeeded.isPresent()) {
            LogEvent.info(LOG, "plugins.loading_every", "reason", everyNeeded.get());
            return select(
                    PluginLoader.load(loaded, others), requested, settings, config.dir(), List.of(), browserRestarts);
        }
        return select(loaded, requested, settings, config.dir(), others, browserRestarts);
    }

    /** Why the folders named like the requested platforms are not enough, if they are not. */
    private static Optional<String> whyEveryPluginIsNeeded(List<LoadedPlugin> loaded, List<String> requested) {
        List<String> notFound = requested.stream()
                .filter(name -> !name.equals(DEFAULT_QUEUE))
                .filter(name -> loaded.stream().noneMatch(p -> p.id().equals(name)))
                .toList();
        if (!notFound.isEmpty()) {
            return Optional.of("no folder of the name holds platform(s) " + String.join(", ", notFound));
        }
        return loaded.stream()
                .filter(p -> requested.contains(p.id()))
                .filter(p -> p.plugin().kind() == PluginKind.MIXED)
                .findFirst()
                .map(p -> p.id() + " is a mixed plugin: it scans through every platform plugin");
    }

    /**
     * This registry with the plugin folders it left unloaded loaded too, serving the same: for a worker whose
     * workflows need a node type of a plugin it does not serve. This registry itself when it has every plugin.
     */
    public PluginRegistry withEveryPlugin() {
        if (unloaded.isEmpty()) {
            return this;
        }
        return select(PluginLoader.load(known, unloaded), requested, settings, dir, List.of(), browserRestarts);
    }

    /** Whether every plugin of the plugin directory is loaded here: false for a worker that loaded only its own. */
    public boolean everyPluginLoaded() {
        return unloaded.isEmpty();
    }

    /** A registry of plugins given directly rather than loaded from a directory, all served: for embedding and tests. */
    public static PluginRegistry of(List<PlatformPlugin> plugins, RawSettings settings) {
        List<LoadedPlugin> loaded = plugins.stream()
                .map(p -> new LoadedPlugin(p, null, p.getClass().getModule().getLayer()))
                .toList();
        return new PluginRegistry(loaded, loaded, List.of(), null, List.of(), settings, platform -> {});
    }

    static PluginRegistry select(
            List<LoadedPlugin> loaded,
            List<String> requested,
            RawSettings settings,
            Path dir,
            Consumer<String> browserRestarts) {
        return select(loaded, requested, settings, dir, List.of(), browserRestarts);
    }

    private static PluginRegistry select(
            List<LoadedPlugin> loaded,
            List<String> requested,
            RawSettings settings,
            Path dir,
            List<Path> unloaded,
            Consumer<String> browserRestarts) {
        if (requested.isEmpty()) {
            return new PluginRegistry(loaded, loaded, requested, dir, unloaded, settings, browserRestarts);
        }
        List<String> unknown = new ArrayList<>();
        List<LoadedPlugin> served = new ArrayList<>();
        for (String name : requested) {
            Optional<LoadedPlugin> plugin =
                    loaded.stream().filter(p -> p.id().equals(name)).findFirst();
            if (plugin.isPresent()) {
                served.add(plugin.get());
            } else if (!name.equals(DEFAULT_QUEUE)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            String available = loaded.isEmpty()
                    ? "none"
                    : loaded.stream().map(LoadedPlugin::id).collect(Collectors.joining(", "));
            throw new PluginException("WORKER_PLATFORMS names unknown platform(s): " + String.join(", ", unknown)
                    + ". Available plugins in " + dir.toAbsolutePath() + ": " + available
                    + "; built-in queue: " + DEFAULT_QUEUE + ".");
        }
        return new PluginRegistry(loaded, served, requested, dir, unloaded, settings, browserRestarts);
    }

    private static List<PlatformPlugin> platformsOf(List<LoadedPlugin> plugins) {
        return plugins.stream()
                .map(LoadedPlugin::plugin)
                .filter(p -> p.kind() != PluginKind.MIXED)
                .toList();
    }

    /** Every platform plugin loaded, served or not, without the mixed ones: what a mixed plugin scans through. */
    public List<PlatformPlugin> platforms() {
        return platforms;
    }

    /**
     * The scanner a job on {@code queue} scans {@code platform}'s products with: the platform's own when it serves
     * that queue, else the scanner of the served mixed plugin serving the queue (the extract worker's, which
     * reaches every platform through the SPI).
     *
     * @throws IllegalStateException when neither serves the queue in this process
     */
    public ProductScanner scannerFor(String queue, PlatformPlugin platform) {
        if (platform.queues().contains(queue)) {
            return scanner(platform);
        }
        return scanner(mixedServing(queue)
                .orElseThrow(() -> new IllegalStateException(
                        "platform " + platform.id() + " is not scanned on queue " + queue + " by this process")));
    }

    /** How many products a job on {@code queue} may scan at once: the mixed plugin's cap, else the platforms'. */
    public int maxConcurrency(String queue, List<PlatformPlugin> platforms) {
        Optional<PlatformPlugin> mixed = mixedServing(queue);
        if (mixed.isPresent()) {
            return mixed.get().maxConcurrency();
        }
        return platforms.stream().mapToInt(PlatformPlugin::maxConcurrency).min().orElse(1);
    }

    private Optional<PlatformPlugin> mixedServing(String queue) {
        return served.stream()
                .map(LoadedPlugin::plugin)
                .filter(p -> p.kind() == PluginKind.MIXED)
                .filter(p -> p.queues().contains(queue))
                .findFirst();
    }

    /** Every plugin loaded, served or not. */
    public List<PlatformPlugin> known() {
        return known.stream().map(LoadedPlugin::plugin).toList();
    }

    /** Every plugin loaded, with where it came from, its version and the SPI it was built for. */
    public List<LoadedPlugin> loaded() {
        return known;
    }

    /** The plugins this process serves. */
    public List<PlatformPlugin> served() {
        return served.stream().map(LoadedPlugin::plugin).toList();
    }

    public Optional<PlatformPlugin> find(String id) {
        return known.stream()
                .map(LoadedPlugin::plugin)
                .filter(p -> p.id().equals(id))
                .findFirst();
    }

    /** Every queue any loaded plugin serves, plus the default queue. */
    public List<String> knownQueues() {
        Set<String> queues = new LinkedHashSet<>();
        known.forEach(p -> queues.addAll(p.plugin().queues()));
        queues.add(DEFAULT_QUEUE);
        return List.copyOf(queues);
    }

    /** The queues this process's workers take jobs from. */
    public List<String> servedQueues() {
        Set<String> queues = new LinkedHashSet<>();
        served.forEach(p -> queues.addAll(p.plugin().queues()));
        if (servesDefaultQueue) {
            queues.add(DEFAULT_QUEUE);
        }
        return List.copyOf(queues);
    }

    /** The loaded plugin whose URL matcher accepts {@code url}. */
    public Optional<PlatformPlugin> forUrl(URI url) {
        return known.stream()
                .map(LoadedPlugin::plugin)
                .filter(p -> p.matches(url))
                .findFirst();
    }

    /** The scanner of a served plugin, created on first use and kept for the life of the process. */
    public ProductScanner scanner(PlatformPlugin plugin) {
        if (served.stream().noneMatch(p -> p.plugin() == plugin)) {
            throw new IllegalStateException("platform " + plugin.id() + " is not served by this process");
        }
        return scanners.computeIfAbsent(
                plugin.id(),
                id -> plugin.createScanner(new RuntimePluginContext(settings, id, platforms, browserRestarts)));
    }

    @Override
    public void close() {
        scanners.forEach((id, scanner) -> {
            try {
                scanner.close();
            } catch (RuntimeException e) {
                LogEvent.warn(LOG, "scanner.close_failed", "platform", id, "error", e.toString());
            }
        });
        scanners.clear();
    }

    /**
     * Closes and forgets the scanners of the served plugins serving {@code queue}, so the next scan creates fresh
     * ones: how a worker restarts its platform. Returns the ids of the plugins whose scanner was dropped.
     */
    public List<String> dropScanners(String queue) {
        List<String> dropped = new ArrayList<>();
        for (LoadedPlugin plugin : served) {
            if (!plugin.plugin().queues().contains(queue)) {
                continue;
            }
            ProductScanner scanner = scanners.remove(plugin.id());
            if (scanner == null) {
                continue;
            }
            dropped.add(plugin.id());
            try {
                scanner.close();
            } catch (RuntimeException e) {
                LogEvent.warn(LOG, "scanner.close_failed", "platform", plugin.id(), "error", e.toString());
            }
        }
        return dropped;
    }
}
