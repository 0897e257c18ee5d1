package io.productscanner.plugin.ably;

import io.productscanner.mirror.SiteMirror;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loads the packaged plugin folder (target/plugin/ably) the way the runtime's plugin loader does: every module in it,
 * Playwright and its driver as automatic modules, resolved as a root into one layer over the boot layer, which holds
 * the SPI (this test runs with {@code --add-modules productscanner.spi,jdk.unsupported}).
 */
class PluginFolderIT {
    private static final Path FOLDER = Path.of(System.getProperty("plugin.folder"));

    @Test
    void theFolderHoldsThePluginAndItsPrivateDependenciesButNotTheSpi() throws IOException {
        List<String> jars;
        try (Stream<Path> files = Files.list(FOLDER)) {
            jars = files.map(file -> file.getFileName().toString()).sorted().toList();
        }

        for (String expected : List.of("ably-", "support-browser-", "support-http-", "playwright-", "driver-",
                "gson-", "jackson-databind-")) {
            assertTrue(jars.stream().anyMatch(jar -> jar.startsWith(expected)), expected + "* missing from " + jars);
        }
        assertFalse(jars.stream().anyMatch(jar -> jar.startsWith("spi-")),
                "the SPI must come from the boot layer: " + jars);
        assertFalse(jars.stream().anyMatch(jar -> jar.startsWith("driver-bundle-")),
                "Node.js for every OS stays out; the system's node runs the driver: " + jars);
        assertTrue(jars.stream().allMatch(jar -> jar.endsWith(".jar")), jars.toString());
    }

    @Test
    void noTwoModulesShareAPackage() {
        Map<String, String> moduleByPackage = new HashMap<>();
        Stream.concat(ModuleFinder.of(FOLDER).findAll().stream(), ModuleLayer.boot().configuration().modules().stream()
                        .map(module -> module.reference()))
                .map(ModuleReference::descriptor)
                .forEach(descriptor -> descriptor.packages().forEach(pkg -> {
                    String previous = moduleByPackage.put(pkg, descriptor.name());
                    assertTrue(previous == null, "package " + pkg + " is in " + previous + " and " + descriptor.name());
                }));
    }

    @Test
    void loadsAsAModuleLayerAndScansThroughTheMirror() throws Exception {
        ModuleFinder finder = ModuleFinder.of(FOLDER);
        Set<String> roots = finder.findAll().stream().map(ref -> ref.descriptor().name()).collect(Collectors.toSet());
        ModuleLayer boot = ModuleLayer.boot();
        Configuration configuration = boot.configuration().resolveAndBind(finder, ModuleFinder.of(), roots);
        ModuleLayer layer = boot.defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader());

        List<PlatformPlugin> plugins = ServiceLoader.load(layer, PlatformPlugin.class).stream()
                .filter(provider -> provider.type().getModule().getLayer() == layer)
                .map(ServiceLoader.Provider::get)
                .toList();

        assertEquals(1, plugins.size(), plugins.toString());
        PlatformPlugin plugin = plugins.getFirst();
        assertEquals("ably", plugin.id());
        assertEquals(PluginKind.BROWSER, plugin.kind());
        assertEquals("productscanner.plugin.ably", plugin.getClass().getModule().getName());
        assertSame(boot, PlatformPlugin.class.getModule().getLayer(), "the SPI is the boot layer's");
        assertTrue(layer.findModule("playwright").isPresent());

        try (SiteMirror mirror = SiteMirror.start(Path.of(System.getProperty("fixtures.dir")), 0);
             ProductScanner scanner = plugin.createScanner(name -> Optional.ofNullable(Map.of(
                     "SCANNER_SITE_MIRROR", mirror.url().toString()).get(name)))) {
            ProductSnapshot snapshot = scanner.scan(URI.create("https://m.a-bly.com/goods/48210001"));

            assertEquals("러블리 꽈배기 니트 가디건", snapshot.productName());
            assertEquals(29900L, snapshot.discountedPrice());
            assertEquals(SaleStatus.ON_SALE, snapshot.saleStatus());
            assertEquals(1, mirror.requestCount("api.a-bly.com/api/v3/goods/48210001/basic/"));
        }
    }
}
