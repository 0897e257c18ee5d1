package io.productscanner.plugin.zigzag;

import io.productscanner.plugin.testkit.UrlAssertions;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ScanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZigzagPluginTest {
    private final ZigzagPlugin plugin = new ZigzagPlugin();

    @Test
    void describesItself() {
        assertEquals("zigzag", plugin.id());
        assertEquals(PluginKind.API, plugin.kind());
        assertEquals(List.of("zigzag"), plugin.queues());
        assertEquals(1, plugin.maxConcurrency());
    }

    @ParameterizedTest
    @CsvSource({
            "https://zigzag.kr/catalog/products/100101, 100101",
            "https://zigzag.kr/catalog/products/100101/, 100101",
            "https://m.zigzag.kr/catalog/products/113647395?utm_source=kakao&utm_medium=share#review, 113647395",
            "http://ZIGZAG.KR/catalog/products/100101, 100101",
    })
    void readsTheProductNumberOfEveryUrlForm(String url, String productId) throws ScanException {
        assertTrue(plugin.matches(URI.create(url)));
        assertEquals(productId, plugin.productId(URI.create(url)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://zigzag.kr/catalog/products/",
            "https://zigzag.kr/catalog/products/abc",
            "https://zigzag.kr/catalog/products/100101/reviews",
            "https://zigzag.kr/products/100101",
            "https://zigzag.kr/shops/modimood/catalog/products/100101",
            "https://notzigzag.kr/catalog/products/100101",
            "https://zigzag.kr.example.net/catalog/products/100101",
            "https://www.musinsa.com/catalog/products/100101",
            "ftp://zigzag.kr/catalog/products/100101",
            "/catalog/products/100101",
    })
    void rejectsEverythingElseNamingTheAcceptedForm(String url) {
        UrlAssertions.assertRejected(plugin, url, "https://zigzag.kr/catalog/products/{number}");
    }

    @Test
    void theCanonicalUrlIsTheProductPage() {
        assertEquals(URI.create("https://zigzag.kr/catalog/products/100101"), plugin.canonicalUrl("100101"));
        assertThrows(IllegalArgumentException.class, () -> plugin.canonicalUrl("1001a1"));
        assertThrows(IllegalArgumentException.class, () -> plugin.canonicalUrl(""));
    }
}
