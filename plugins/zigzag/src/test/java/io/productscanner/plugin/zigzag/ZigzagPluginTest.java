package io.productscanner.plugin.zigzag;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.productscanner.plugin.testkit.PlatformPluginContract;
import io.productscanner.spi.PluginKind;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class ZigzagPluginTest extends PlatformPluginContract {
    ZigzagPluginTest() {
        super(new ZigzagPlugin(), "zigzag", PluginKind.API);
    }

    @Override
    protected Stream<Arguments> urlsWithTheirProductIds() {
        return Stream.of(
                arguments("https://zigzag.kr/catalog/products/100101", "100101"),
                arguments("https://zigzag.kr/catalog/products/100101/", "100101"),
                arguments(
                        "https://m.zigzag.kr/catalog/products/113647395?utm_source=kakao&utm_medium=share#review",
                        "113647395"),
                arguments("http://ZIGZAG.KR/catalog/products/100101", "100101"));
    }

    @Override
    protected Stream<String> otherUrls() {
        return Stream.of(
                "https://zigzag.kr/catalog/products/",
                "https://zigzag.kr/catalog/products/abc",
                "https://zigzag.kr/catalog/products/100101/reviews",
                "https://zigzag.kr/products/100101",
                "https://zigzag.kr/shops/modimood/catalog/products/100101",
                "https://notzigzag.kr/catalog/products/100101",
                "https://zigzag.kr.example.net/catalog/products/100101",
                "https://www.musinsa.com/catalog/products/100101",
                "ftp://zigzag.kr/catalog/products/100101",
                "/catalog/products/100101");
    }

    @Override
    protected List<String> acceptedForms() {
        return List.of("https://zigzag.kr/catalog/products/{number}");
    }

    @Override
    protected Map.Entry<String, String> productIdWithItsCanonicalUrl() {
        return Map.entry("100101", "https://zigzag.kr/catalog/products/100101");
    }

    @Override
    protected Stream<String> malformedProductIds() {
        return Stream.of("1001a1", "");
    }
}
