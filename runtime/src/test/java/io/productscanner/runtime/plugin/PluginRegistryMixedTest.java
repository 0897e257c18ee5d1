package io.productscanner.runtime.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.productscanner.runtime.config.Settings;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A process serving only a mixed plugin's queue scans every platform through that plugin. */
class PluginRegistryMixedTest {
    /** A plugin whose scanner says which plugin made it; it records the context it was given. */
    private static final class Recording implements PlatformPlugin {
        final String id;
        final PluginKind kind;
        final int maxConcurrency;
        final List<PluginContext> contexts = new ArrayList<>();

        Recording(String id, PluginKind kind, int maxConcurrency) {
            this.id = id;
            this.kind = kind;
            this.maxConcurrency = maxConcurrency;
        }

        public String id() {
            return id;
        }

        public PluginKind kind() {
            return kind;
        }

        public int maxConcurrency() {
            return maxConcurrency;
        }

        public boolean matches(URI url) {
            return kind != PluginKind.MIXED && (id + ".test").equals(url.getHost());
        }

        public String productId(URI url) {
            return url.getPath().substring(1);
        }

        public URI canonicalUrl(String productId) {
            return URI.create("https://" + id + ".test/" + productId);
        }

        public ProductScanner createScanner(PluginContext context) {
            contexts.add(context);
            return url -> new ProductSnapshot(
                    id,
                    "1",
                    url.toString(),
                    "by " + id,
                    null,
                    null,
                    1L,
                    1L,
                    SaleStatus.ON_SALE,
                    "SALE",
                    "test",
                    Instant.now());
        }
    }

    private final Recording shop = new Recording("shop", PluginKind.API, 1);
    private final Recording store = new Recording("store", PluginKind.BROWSER, 1);
    /** Serves the queue named by its id, "extract". */
    private final Recording extract = new Recording("extract", PluginKind.MIXED, 4);

    private PluginRegistry servingOnly(String platforms) {
        return PluginRegistry.select(
                List.of(
                        new LoadedPlugin(extract, null, null),
                        new LoadedPlugin(shop, null, null),
                        new LoadedPlugin(store, null, null)),
                List.of(platforms.split(",")),
                Settings.of(Map.of()),
                Path.of("."),
                platform -> {});
    }

    @Test
    void onTheExtractQueueEveryPlatformIsScannedThroughTheMixedPluginsScanner() throws Exception {
        PluginRegistry registry = servingOnly("extract");

        ProductScanner scanner = registry.scannerFor("extract", shop);

        assertSame(registry.scanner(extract), scanner);
        assertEquals(
                "by extract", scanner.scan(URI.create("https://shop.test/1")).productName());
        assertEquals(
                List.of(shop, store),
                extract.contexts.getFirst().platforms(),
                "the mixed plugin sees every platform, not itself");
        assertEquals(4, registry.maxConcurrency("extract", List.of(shop, store)), "the mixed plugin's cap");
        assertThrows(
                IllegalStateException.class,
                () -> registry.scannerFor("shop", shop),
                "the shop queue is not served here");
        assertEquals(List.of("extract"), registry.servedQueues());
    }

    @Test
    void onAPlatformsOwnQueueItsOwnScannerIsUsed() throws Exception {
        PluginRegistry registry = servingOnly("shop,extract");

        assertEquals(
                "by shop",
                registry.scannerFor("shop", shop)
                        .scan(URI.create("https://shop.test/1"))
                        .productName());
        assertEquals(1, registry.maxConcurrency("shop", List.of(shop)));
        assertEquals(List.of(shop, store), registry.platforms());
    }
}
