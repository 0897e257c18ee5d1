package io.productscanner.plugin.kurly;

import io.productscanner.plugin.testkit.BrowserPluginFolderContract;
import java.util.Map;

/**
 * Loads the packaged plugin folder (target/plugin/kurly) the way the runtime's plugin loader does, Playwright
 * and its driver as automatic modules of the folder (this test runs with
 * {@code --add-modules productscanner.spi,jdk.unsupported}), and scans one recorded page through it.
 */
class PluginFolderIT extends BrowserPluginFolderContract {
    PluginFolderIT() {
        super(PackagedPlugin.browser(
                        "kurly",
                        "support-browser-",
                        "support-core-",
                        "playwright-",
                        "driver-",
                        "gson-",
                        "jackson-databind-")
                .scanning("https://www.kurly.com/goods/5161060", Map.of())
                .readAs("[농협] 친환경 무농약 당근 1kg", 9900L)
                .fetchingOnce("www.kurly.com/goods/5161060"));
    }
}
