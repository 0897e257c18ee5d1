package io.productscanner.plugin.oliveyoung;

import io.productscanner.plugin.testkit.BrowserPluginFolderContract;
import java.util.Map;

/**
 * Loads the packaged plugin folder (target/plugin/oliveyoung) the way the runtime's plugin loader does, Playwright
 * and its driver as automatic modules of the folder (this test runs with
 * {@code --add-modules productscanner.spi,jdk.unsupported}), and scans one recorded page through it.
 */
class PluginFolderIT extends BrowserPluginFolderContract {
    PluginFolderIT() {
        super(PackagedPlugin.browser(
                        "oliveyoung", "support-browser-", "support-core-", "playwright-", "driver-", "gson-")
                .scanning("https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo=A000000238213", Map.of())
                .readAs("라운드랩 1025 독도 토너 200ml", 14700L)
                .fetchingOnce("m.oliveyoung.co.kr/m/goods/getGoodsDetail.do"));
    }
}
