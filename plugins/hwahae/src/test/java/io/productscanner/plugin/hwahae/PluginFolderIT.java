package io.productscanner.plugin.hwahae;

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
 * Loads the packaged plugin folder (target/plugin/hwahae) the way the runtime's plugin loader does (this test
 * runs with {@code --add-modules productscanner.spi}) and scans one recorded answer through it.
 */
class PluginFolderIT {
    private static final PluginFolderChecks FOLDER = PluginFolderChecks.of("hwahae");

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

        try (ProductScanner scanner = plugin.createScanner(mirror.context(Map.of("HWAHAE_PACING_MS", "0")))) {
            ProductSnapshot snapshot = scanner.scan(URI.create("https://www.hwahae.co.kr/goods/21320"));

            assertEquals("라운드랩 1025 독도 토너 200ml", snapshot.productName());
            assertEquals(25600L, snapshot.discountedPrice());
            assertEquals(SaleStatus.ON_SALE, snapshot.saleStatus());
            assertEquals(1, mirror.requestCount("gateway.hwahae.co.kr/v14/commerce/goods/21320"));
        }
    }
}
