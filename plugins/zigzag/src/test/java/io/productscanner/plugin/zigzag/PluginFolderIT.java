package io.productscanner.plugin.zigzag;

import io.productscanner.plugin.testkit.PluginFolderContract;
import java.util.Map;

/**
 * Loads the packaged plugin folder (target/plugin/zigzag) the way the runtime's plugin loader does (this test
 * runs with {@code --add-modules productscanner.spi}) and scans one recorded answer through it.
 */
class PluginFolderIT extends PluginFolderContract {
    PluginFolderIT() {
        super(PackagedPlugin.api(
                        "zigzag",
                        "support-http-",
                        "support-core-",
                        "okhttp-jvm-",
                        "okio-jvm-",
                        "kotlin-stdlib-",
                        "jackson-databind-",
                        "jackson-core-")
                .scanning("https://zigzag.kr/catalog/products/100101", Map.of("ZIGZAG_PACING_MS", "0"))
                .readAs("루즈핏 케이블 니트 가디건", 29800L)
                .fetchingOnce(
                        "api.zigzag.kr/api/2/graphql/GetCatalogProductDetailPageOption",
                        "zigzag.kr/catalog/products/100101"));
    }
}
