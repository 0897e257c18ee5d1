package io.productscanner.plugin.hwahae;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.productscanner.plugin.testkit.PlatformPluginContract;
import io.productscanner.spi.PluginKind;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class HwahaePluginTest extends PlatformPluginContract {
    HwahaePluginTest() {
        super(new HwahaePlugin(), "hwahae", PluginKind.API);
    }

    @Override
    protected Stream<Arguments> urlsWithTheirProductIds() {
        return Stream.of(
                arguments("https://www.hwahae.co.kr/goods/21320", "21320"),
                arguments("https://hwahae.co.kr/goods/21320/", "21320"),
                arguments(
                        "https://www.hwahae.co.kr/goods/"
                                + "%EB%9D%BC%EC%9A%B4%EB%93%9C%EB%9E%A9-%ED%86%A0%EB%84%88/21320",
                        "21320"),
                arguments(
                        "https://m.hwahae.co.kr/goods/21320?goods_tab=review_ingredients&utm_source=share#top",
                        "21320"),
                arguments("https://www.hwahae.co.kr/products/1025-dokdo-toner/2051093", "2051093"),
                arguments("https://www.hwahae.co.kr/products/2051093", "2051093"),
                arguments("http://WWW.HWAHAE.CO.KR/goods/21320", "21320"));
    }

    @Override
    protected Stream<String> otherUrls() {
        return Stream.of(
                "https://www.hwahae.co.kr/goods/",
                "https://www.hwahae.co.kr/goods/dokdo-toner",
                "https://www.hwahae.co.kr/rankings?theme_id=2",
                "https://www.hwahae.co.kr/brands/1025/goods/21320",
                "https://www.hwahae.co.kr/search?q=/goods/21320",
                "https://nothwahae.co.kr/goods/21320",
                "https://hwahae.co.kr.example.net/goods/21320",
                "https://www.musinsa.com/goods/21320",
                "ftp://www.hwahae.co.kr/goods/21320",
                "/goods/21320");
    }

    @Override
    protected List<String> acceptedForms() {
        return List.of("https://www.hwahae.co.kr/goods/{number}", "/products/.../{number}");
    }

    @Override
    protected Map.Entry<String, String> productIdWithItsCanonicalUrl() {
        return Map.entry("21320", "https://www.hwahae.co.kr/goods/21320");
    }

    @Override
    protected Stream<String> malformedProductIds() {
        return Stream.of("2132a", "");
    }
}
