package io.productscanner.plugin.musinsa;

import io.productscanner.plugin.testkit.PluginFolderContract;
import java.util.Map;

/**
 * Loads the packaged plugin folder (target/plugin/musinsa) the way the runtime's plugin loader does (this test
 * runs with {@code --add-modules productscanner.spi}) and scans one recorded answer through it.
 */
class PluginFolderIT extends PluginFolderContract {
    PluginFolderIT() {
        super(PackagedPlugin.api(
                        "musinsa",
                        "support-http-",
                        "support-core-",
                        "okhttp-jvm-",
                        "okio-jvm-",
                        "kotlin-stdlib-",
                        "jackson-databind-",
                        "jackson-core-")
                .scanning("https://www.musinsa.com/products/3674341", Map.of("MUSINSA_PACING_MS", "0"))
                .readAs("릴렉스 핏 크루 넥 반팔 티셔츠 [화이트]", 14900L)
                .fetchingOnce("goods-detail.musinsa.com/api2/goods/3674341"));
    }
}
