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
 * The plugins this process knows and the ones it serves. Every plugin in the plugin directory is known (the
 * API describes them and checks URLs); only the ones in {@code WORKER_PLATFORMS} (all when unset) are served,
 * and only served plugins get scanners.
 */
public final class PluginRegistry implements AutoCloseable {
    /** The runtime's own queue for workflows that belong to no platform. */
    public static final String DEFAULT_QUEUE = "default";

    private static final System.Logger LOG = System.getLogger(PluginRegistry.class.getName());

    private final List<LoadedPlugin> known;
    private final List<LoadedPlugin> served;
    private final boolean servesDefaultQueue;
    /** What each plugin reads its own settings from. */
    private final RawSettings settings;

    private final Consumer<String> browserRestarts;
    private final List<PlatformPlugin> platforms;
    private final Map<String, ProductScanner> scanners = new ConcurrentHashMap<>();

    private PluginRegistry(
            List<LoadedPlugin> known,
            List<LoadedPlugin> served,
            boolean servesDefaultQueue,
            RawSettings settings,
            Consumer<String> browserRestarts) {
        this.known = List.copyOf(known);
        this.served = List.copyOf(served);
        this.servesDefaultQueue = servesDefaultQueue;
        this.settings = settings;
        this.browserRestarts = browserRestarts;
        this.platforms = platformsOf(known);
    }

    /**
     * Loads the plugin directory and selects the plugins named in {@code WORKER_PLATFORMS}; each plugin reads its
     * own settings from {@code settings}.
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

    /** A registry of plugins given directly rather than loaded from a directory, all served: for embedding and tests. */
    public static PluginRegistry of(List<PlatformPlugin> plugins, RawSettings settings) {
        List<LoadedPlugin> loaded = plugins.stream()
                .map(p -> new LoadedPlugin(p, null, p.getClass().getModule().getLayer()))
                .toList();
        return new PluginRegistry(loaded, loaded, true, settings, platform -> {});
    }

    static PluginRegistry select(
            List<LoadedPlugin> loaded,
            List<String> requested,
            RawSettings settings,
            Path dir,
            Consumer<String> browserRestarts) {
        if (requested.isEmpty()) {
            return new PluginRegistry(loaded, loaded, true, settings, browserRestarts);
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
        return new PluginRegistry(loaded, served, requested.contains(DEFAULT_QUEUE), settings, browserRestarts);
    }

    private static List<PlatformPlugin> platformsOf(List<LoadedPlugin> plugins) {
        return plugins.stream()
                .map(LoadedPlugin::plugin)
                .filter(p -> p.kind() != PluginKind.MIXED)
                .toList();
    }

    /** Every platform plugin found, served or not, without the mixed ones: what a mixed plugin scans through. */
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

    /** Every plugin found, served or not. */
    public List<PlatformPlugin> known() {
        return known.stream().map(LoadedPlugin::plugin).toList();
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

    /** Every queue any known plugin serves, plus the default queue. */
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

    /** The known plugin whose URL matcher accepts {@code url}. */
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
