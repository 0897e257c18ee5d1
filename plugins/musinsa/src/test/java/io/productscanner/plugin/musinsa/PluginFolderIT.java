package io.productscanner.plugin.musinsa;

import io.productscanner.plugin.testkit.FixtureMirror;
import io.productscanner.plugin.testkit.PluginFolderChecks;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Loads the packaged plugin folder (target/plugin/musinsa) the way the runtime's plugin loader does (this test
 * runs with {@code --add-modules productscanner.spi}) and scans one recorded answer through it.
 */
class PluginFolderIT {
    private static final PluginFolderChecks FOLDER = PluginFolderChecks.of("musinsa");

    @RegisterExtension
    static final FixtureMirror mirror = new FixtureMirror();

    @Test
    void theFolderHoldsThePluginAndItsPrivateDependenciesButNotTheSpi() throws IOException {
        FOLDER.holdsThePluginAndItsPrivateDependenciesButNotTheSpi(
                List.of("support-http-", "support-core-", "okhttp-jvm-", "okio-jvm-", "kotlin-stdlib-",
                        "jackson-databind-", "jackson-core-"));
    }

    @Test
    void noTwoModulesShareAPackage() {
        FOLDER.hasNoSplitPackages();
    }

    @Test
    void loadsAsAModuleLayerAndScansThroughTheMirror() throws Exception {
        PlatformPlugin plugin = FOLDER.loadsAsAModuleLayer(PluginKind.API, "okhttp3");

        try (ProductScanner scanner = plugin.createScanner(mirror.context(Map.of("MUSINSA_PACING_MS", "0")))) {
            ProductSnapshot snapshot = scanner.scan(URI.create("https://www.musinsa.com/products/3674341"));

            assertEquals("릴렉스 핏 크루 넥 반팔 티셔츠 [화이트]", snapshot.productName());
            assertEquals(14900L, snapshot.discountedPrice());
            assertEquals(SaleStatus.ON_SALE, snapshot.saleStatus());
            assertEquals(1, mirror.requestCount("goods-detail.musinsa.com/api2/goods/3674341"));
        }
    }
}
