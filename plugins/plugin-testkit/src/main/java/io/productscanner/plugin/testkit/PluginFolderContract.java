package io.productscanner.plugin.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every packaged plugin folder (target/plugin/{id}) shows, checked the way the runtime's plugin loader uses it
 * ({@link PluginFolderChecks}): a plugin's {@code PluginFolderIT} extends this (or
 * {@link BrowserPluginFolderContract}) and only says what its folder holds and one recorded product it scans.
 */
public abstract class PluginFolderContract {
    @RegisterExtension
    static final FixtureMirror mirror = new FixtureMirror();

    private final PackagedPlugin expected;
    private final PluginFolderChecks folder;

    protected PluginFolderContract(PackagedPlugin expected) {
        this.expected = expected;
        this.folder = PluginFolderChecks.of(expected.id());
    }

    /**
     * What a plugin's folder is expected to hold, and one recorded product scanned through the fixture mirror.
     *
     * @param id                  the plugin id, also its folder's and module's last name
     * @param kind                API or browser
     * @param moduleInLayer       a module the folder brings into the plugin's layer (e.g. {@code okhttp3})
     * @param privateDependencies the start of each library jar the folder must hold (e.g. {@code okhttp-jvm-})
     * @param settings            the settings of the scan
     * @param productUrl          the product scanned
     * @param productName         the name it is read with
     * @param discountedPrice     the price it is read with, on sale
     * @param fetchedOnce         what the scan fetches once each, as {@code host/path} on the mirror
     */
    public record PackagedPlugin(
            String id,
            PluginKind kind,
            String moduleInLayer,
            List<String> privateDependencies,
            Map<String, String> settings,
            String productUrl,
            String productName,
            long discountedPrice,
            List<String> fetchedOnce) {
        /** An API plugin whose folder holds OkHttp and {@code privateDependencies}. */
        public static PackagedPlugin api(String id, String... privateDependencies) {
            return new PackagedPlugin(
                    id, PluginKind.API, "okhttp3", List.of(privateDependencies), Map.of(), null, null, 0, List.of());
        }

        /** A browser plugin whose folder holds Playwright and {@code privateDependencies}. */
        public static PackagedPlugin browser(String id, String... privateDependencies) {
            return new PackagedPlugin(
                    id,
                    PluginKind.BROWSER,
                    "playwright",
                    List.of(privateDependencies),
                    Map.of(),
                    null,
                    null,
                    0,
                    List.of());
        }

        /** Scans {@code url} with {@code scanSettings}. */
        public PackagedPlugin scanning(String url, Map<String, String> scanSettings) {
            return new PackagedPlugin(
                    id,
                    kind,
                    moduleInLayer,
                    privateDependencies,
                    scanSettings,
                    url,
                    productName,
                    discountedPrice,
                    fetchedOnce);
        }

        /** Expects the product on sale as {@code name} for {@code price}. */
        public PackagedPlugin readAs(String name, long price) {
            return new PackagedPlugin(
                    id, kind, moduleInLayer, privateDependencies, settings, productUrl, name, price, fetchedOnce);
        }

        /** Expects the scan to fetch each of {@code hostAndPaths} once. */
        public PackagedPlugin fetchingOnce(String... hostAndPaths) {
            return new PackagedPlugin(
                    id,
                    kind,
                    moduleInLayer,
                    privateDependencies,
                    settings,
                    productUrl,
                    productName,
                    discountedPrice,
                    List.of(hostAndPaths));
        }
    }

    @Test
    public void theFolderHoldsThePluginAndItsPrivateDependenciesButNotTheSpi() throws IOException {
        folder.holdsThePluginAndItsPrivateDependenciesButNotTheSpi(expected.privateDependencies());
    }

    @Test
    public void noTwoModulesShareAPackage() {
        folder.hasNoSplitPackages();
    }

    @Test
    public void loadsAsAModuleLayerAndScansThroughTheMirror() throws Exception {
        PlatformPlugin plugin = folder.loadsAsAModuleLayer(expected.kind(), expected.moduleInLayer());

        try (ProductScanner scanner = plugin.createScanner(mirror.context(expected.settings()))) {
            ProductSnapshot snapshot = scanner.scan(URI.create(expected.productUrl()));

            assertEquals(expected.productName(), snapshot.productName());
            assertEquals(expected.discountedPrice(), snapshot.discountedPrice());
            assertEquals(SaleStatus.ON_SALE, snapshot.saleStatus());
            for (String hostAndPath : expected.fetchedOnce()) {
                assertEquals(1, mirror.requestCount(hostAndPath), hostAndPath);
            }
        }
    }

    /** The checks of the folder, for a subclass's own tests. */
    protected PluginFolderChecks folder() {
        return folder;
    }
}
