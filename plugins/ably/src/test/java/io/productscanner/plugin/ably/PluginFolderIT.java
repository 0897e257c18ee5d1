package io.productscanner.plugin.ably;

import io.productscanner.plugin.testkit.BrowserPluginFolderContract;
import java.util.Map;

/**
 * Loads the packaged plugin folder (target/plugin/ably) the way the runtime's plugin loader does, Playwright
 * and its driver as automatic modules of the folder (this test runs with
 * {@code --add-modules productscanner.spi,jdk.unsupported}), and scans one recorded page through it.
 */
class PluginFolderIT extends BrowserPluginFolderContract {
    PluginFolderIT() {
        super(PackagedPlugin.browser(
                        "ably",
                        "support-browser-",
                        "support-core-",
                        "playwright-",
                        "driver-",
                        "gson-",
                        "jackson-databind-")
                .scanning("https://m.a-bly.com/goods/48210001", Map.of())
                .readAs("러블리 꽈배기 니트 가디건", 29900L)
                .fetchingOnce("api.a-bly.com/api/v3/goods/48210001/basic/"));
    }
}
