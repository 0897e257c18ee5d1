package io.productscanner.runtime.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.runtime.config.Settings;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.SpiVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which plugin folders a worker loads, over real plugin folders: only the ones its {@code WORKER_PLATFORMS} names,
 * found by folder name; every one when a platform is not in the folder of its name or a served plugin is mixed.
 */
class PluginRegistryLoadServedTest {
    private static final String[] IDS = {"shop", "store", "mixer", "renamed"};

    @TempDir
    static Path build;

    private static TestPluginFolders plugins;

    @TempDir
    Path pluginDir;

    @BeforeAll
    static void compile() throws Exception {
        plugins = TestPluginFolders.compile(
                build,
                new TestPluginFolders.Plugin("shop", "API", null),
                new TestPluginFolders.Plugin("store", "BROWSER", null),
                new TestPluginFolders.Plugin("mixer", "MIXED", null),
                new TestPluginFolders.Plugin("renamed", "API", null));
    }

    /** Three plugins in folders of their name, and one whose folder is named otherwise. */
    @BeforeEach
    void pluginDirectory() {
        plugins.write(pluginDir, "shop", "shop");
        plugins.write(pluginDir, "store", "store");
        plugins.write(pluginDir, "mixer", "mixer");
        plugins.write(pluginDir, "renamed-plugin-1.2", "renamed");
        TestPluginFolders.forgetInstantiations(IDS);
    }

    private PluginRegistry worker(String... platforms) {
        return PluginRegistry.loadServed(
                new PluginsConfig(pluginDir, List.of(platforms)), Settings.of(Map.of()), platform -> {});
    }

    private static List<String> ids(List<PlatformPlugin> plugins) {
        return plugins.stream().map(PlatformPlugin::id).toList();
    }

    private static void assertInstantiated(List<String> expected) {
        for (String id : IDS) {
            assertEquals(
                    expected.contains(id),
                    System.getProperty(TestPluginFolders.instantiated(id)) != null,
                    id + " instantiated");
        }
    }

    @Test
    void aWorkerLoadsOnlyTheFolderOfThePlatformItServes() {
        PluginRegistry registry = worker("shop");

        assertEquals(List.of("shop"), ids(registry.known()));
        assertEquals(List.of("shop"), ids(registry.served()));
        assertEquals(List.of("shop"), registry.servedQueues());
        assertFalse(registry.everyPluginLoaded());
        assertInstantiated(List.of("shop"));
    }

    @Test
    void severalPlatformsAndTheDefaultQueueLoadTheirFoldersAndNothingElse() {
        PluginRegistry registry = worker("store", "default", "shop");

        assertEquals(List.of("shop", "store"), ids(registry.known()));
        assertEquals(List.of("store", "shop", "default"), registry.servedQueues());
        assertInstantiated(List.of("shop", "store"));
    }

    @Test
    void theDefaultQueueAloneLoadsNoPlugin() {
        PluginRegistry registry = worker("default");

        assertEquals(List.of(), registry.known());
        assertEquals(List.of("default"), registry.servedQueues());
        assertFalse(registry.everyPluginLoaded());
        assertInstantiated(List.of());
    }

    @Test
    void aPlatformInAFolderNamedOtherwiseIsFoundByLoadingEveryFolder() {
        PluginRegistry registry = worker("renamed");

        assertEquals(List.of("mixer", "renamed", "shop", "store"), ids(registry.known()));
        assertEquals(List.of("renamed"), ids(registry.served()));
        assertEquals(List.of("renamed"), registry.servedQueues());
        assertTrue(registry.everyPluginLoaded());
        assertEquals(
                pluginDir.resolve("renamed-plugin-1.2"),
                registry.loaded().stream()
                        .filter(p -> p.id().equals("renamed"))
                        .findFirst()
                        .orElseThrow()
                        .folder());
    }

    @Test
    void aMixedPluginLoadsEveryPluginToScanThroughThem() {
        PluginRegistry registry = worker("mixer");

        assertEquals(List.of("mixer", "renamed", "shop", "store"), ids(registry.known()));
        assertEquals(List.of("mixer"), ids(registry.served()));
        assertEquals(List.of("renamed", "shop", "store"), ids(registry.platforms()));
        assertTrue(registry.everyPluginLoaded());
    }

    @Test
    void noWorkerPlatformsLoadsAndServesEveryPlugin() {
        PluginRegistry registry = worker();

        assertEquals(List.of("mixer", "renamed", "shop", "store"), ids(registry.known()));
        assertEquals(ids(registry.known()), ids(registry.served()));
        assertTrue(registry.everyPluginLoaded());
    }

    @Test
    void anUnknownPlatformStopsStartUpNamingItAndEveryAvailablePlugin() {
        PluginException refused = assertThrows(PluginException.class, () -> worker("shop", "nosuch"));

        assertEquals(
                "WORKER_PLATFORMS names unknown platform(s): nosuch. Available plugins in " + pluginDir.toAbsolutePath()
                        + ": mixer, renamed, shop, store; built-in queue: default.",
                refused.getMessage());
    }

    @Test
    void aFolderNamedLikeAPlatformButHoldingAnotherIsPassedOverForTheOneThatHoldsIt() throws Exception {
        // "shop" is the renamed plugin's folder now, and the shop plugin lives under another name
        Path dir = pluginDir.resolveSibling(pluginDir.getFileName() + "-swapped");
        plugins.write(dir, "shop", "renamed");
        plugins.write(dir, "the-shop", "shop");

        PluginRegistry registry = PluginRegistry.loadServed(
                new PluginsConfig(dir, List.of("shop")), Settings.of(Map.of()), platform -> {});

        assertEquals(List.of("shop"), ids(registry.served()));
        assertEquals(dir.resolve("the-shop"), registry.loaded().get(1).folder());
    }

    @Test
    void withEveryPluginLoadsTheOtherFoldersAndServesTheSame() {
        PluginRegistry own = worker("shop");

        PluginRegistry every = own.withEveryPlugin();

        assertEquals(List.of("mixer", "renamed", "shop", "store"), ids(every.known()));
        assertEquals(List.of("shop"), ids(every.served()));
        assertTrue(every.everyPluginLoaded());
        assertSame(
                own.known().getFirst(),
                every.find("shop").orElseThrow(),
                "the plugin already loaded is kept, not loaded again");
        assertSame(every, every.withEveryPlugin());
    }

    @Test
    void aLoadedPluginTellsItsModuleVersionAndTheSpiItWasBuiltFor() {
        LoadedPlugin shop = worker("shop").loaded().getFirst();

        assertEquals(Optional.of(TestPluginFolders.MODULE_VERSION), shop.version());
        assertEquals(SpiVersion.current(), shop.builtFor());
    }

    @Test
    void aPluginGivenDirectlyHasNoManifestToTell() {
        PluginRegistry registry =
                PluginRegistry.of(List.of(worker("store").known().getFirst()), Settings.of(Map.of()));

        assertNull(registry.loaded().getFirst().builtFor());
        assertTrue(registry.everyPluginLoaded());
    }
}
