package io.productscanner.plugin.oliveyoung;

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
 * Loads the packaged plugin folder (target/plugin/oliveyoung) the way the runtime's plugin loader does, Playwright
 * and its driver as automatic modules of the folder (this test runs with
 * {@code --add-modules productscanner.spi,jdk.unsupported}), and scans one recorded page through it.
 */
class PluginFolderIT {
    private static final PluginFolderChecks FOLDER = PluginFolderChecks.of("oliveyoung");

    @RegisterExtension
    static final FixtureMirror mirror = new FixtureMirror();

    @Test
    void theFolderHoldsThePluginAndItsPrivateDependenciesButNotTheSpi() throws IOException {
        FOLDER.holdsThePluginAndItsPrivateDependenciesButNotTheSpi(
                List.of("support-browser-", "support-core-", "playwright-", "driver-", "gson-"));
    }

    @Test
    void theFolderLeavesOutTheHttpSupportAndOkHttp() throws IOException {
        String why = "a browser plugin reads pages in Chromium: support-core, not support-http and OkHttp";
        for (String prefix : List.of("support-http-", "okhttp-", "okio-", "kotlin-stdlib-")) {
            FOLDER.leavesOut(prefix, why);
        }
    }

    @Test
    void theFolderLeavesOutNodeForEveryOs() throws IOException {
        FOLDER.leavesOut("driver-bundle-", "Node.js for every OS stays out; the system's node runs the driver");
    }

    @Test
    void noTwoModulesShareAPackage() {
        FOLDER.hasNoSplitPackages();
    }

    @Test
    void loadsAsAModuleLayerAndScansThroughTheMirror() throws Exception {
        PlatformPlugin plugin = FOLDER.loadsAsAModuleLayer(PluginKind.BROWSER, "playwright");

        try (ProductScanner scanner = plugin.createScanner(mirror.context(Map.of()))) {
            ProductSnapshot snapshot = scanner.scan(URI.create(
                    "https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo=A000000238213"));

            assertEquals("라운드랩 1025 독도 토너 200ml", snapshot.productName());
            assertEquals(14700L, snapshot.discountedPrice());
            assertEquals(SaleStatus.ON_SALE, snapshot.saleStatus());
            assertEquals(1, mirror.requestCount("m.oliveyoung.co.kr/m/goods/getGoodsDetail.do"));
        }
    }
}
