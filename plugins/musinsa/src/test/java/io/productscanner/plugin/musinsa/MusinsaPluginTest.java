package io.productscanner.plugin.musinsa;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.productscanner.plugin.testkit.PlatformPluginContract;
import io.productscanner.spi.PluginKind;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

class MusinsaPluginTest extends PlatformPluginContract {
    MusinsaPluginTest() {
        super(new MusinsaPlugin(), "musinsa", PluginKind.API);
    }

    @Override
    protected Stream<Arguments> urlsWithTheirProductIds() {
        return Stream.of(
                arguments("https://www.musinsa.com/products/3674341", "3674341"),
                arguments("https://musinsa.com/products/3674341", "3674341"),
                arguments(
                        "http://www.musinsa.com/products/3674341?utm_source=share&utm_medium=kakao#review", "3674341"),
                arguments("https://m.musinsa.com/products/3674341/", "3674341"),
                arguments("https://store.musinsa.com/app/goods/1843690", "1843690"),
                arguments("https://www.musinsa.com/app/goods/1843690/0", "1843690"),
                arguments("HTTPS://WWW.MUSINSA.COM/products/2551487", "2551487"));
    }

    @Override
    protected Stream<String> otherUrls() {
        return Stream.of(
                "https://www.musinsa.com/brands/musinsastandard",
                "https://www.musinsa.com/products/",
                "https://www.musinsa.com/products/abc",
                "https://www.musinsa.com/categories/products/3674341",
                "https://www.musinsa.com/search?q=/products/3674341",
                "https://notmusinsa.com/products/3674341",
                "https://musinsa.com.example.net/products/3674341",
                "https://www.29cm.co.kr/products/3674341",
                "ftp://www.musinsa.com/products/3674341",
                "/products/3674341");
    }

    @Override
    protected List<String> acceptedForms() {
        return List.of("https://www.musinsa.com/products/{number}", "/app/goods/{number}");
    }

    @Override
    protected Map.Entry<String, String> productIdWithItsCanonicalUrl() {
        return Map.entry("3674341", "https://www.musinsa.com/products/3674341");
    }

    @Override
    protected Stream<String> malformedProductIds() {
        return Stream.of("36743a1", "");
    }
}
