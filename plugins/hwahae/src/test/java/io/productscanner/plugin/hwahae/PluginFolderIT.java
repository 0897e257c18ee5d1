package io.productscanner.plugin.hwahae;

import io.productscanner.plugin.testkit.PluginFolderContract;
import java.util.Map;

/**
 * Loads the packaged plugin folder (target/plugin/hwahae) the way the runtime's plugin loader does (this test
 * runs with {@code --add-modules productscanner.spi}) and scans one recorded answer through it.
 */
class PluginFolderIT extends PluginFolderContract {
    PluginFolderIT() {
        super(PackagedPlugin.api(
                        "hwahae",
                        "support-http-",
                        "support-core-",
                        "okhttp-jvm-",
                        "okio-jvm-",
                        "kotlin-stdlib-",
                        "jackson-databind-",
                        "jackson-core-")
                .scanning("https://www.hwahae.co.kr/goods/21320", Map.of("HWAHAE_PACING_MS", "0"))
                .readAs("라운드랩 1025 독도 토너 200ml", 25600L)
                .fetchingOnce("gateway.hwahae.co.kr/v14/commerce/goods/21320"));
    }
}
