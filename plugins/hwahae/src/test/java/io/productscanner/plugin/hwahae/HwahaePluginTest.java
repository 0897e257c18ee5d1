package io.productscanner.plugin.hwahae;

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

class HwahaePluginTest {
    private final HwahaePlugin plugin = new HwahaePlugin();

    @Test
    void describesItself() {
        assertEquals("hwahae", plugin.id());
        assertEquals(PluginKind.API, plugin.kind());
        assertEquals(List.of("hwahae"), plugin.queues());
        assertEquals(1, plugin.maxConcurrency());
    }

    @ParameterizedTest
    @CsvSource({
            "https://www.hwahae.co.kr/goods/21320, 21320",
            "https://hwahae.co.kr/goods/21320/, 21320",
            "https://www.hwahae.co.kr/goods/%EB%9D%BC%EC%9A%B4%EB%93%9C%EB%9E%A9-%ED%86%A0%EB%84%88/21320, 21320",
            "https://m.hwahae.co.kr/goods/21320?goods_tab=review_ingredients&utm_source=share#top, 21320",
            "https://www.hwahae.co.kr/products/1025-dokdo-toner/2051093, 2051093",
            "https://www.hwahae.co.kr/products/2051093, 2051093",
            "http://WWW.HWAHAE.CO.KR/goods/21320, 21320",
    })
    void readsTheLastNumericSegmentOfEveryUrlForm(String url, String productId) throws ScanException {
        assertTrue(plugin.matches(URI.create(url)));
        assertEquals(productId, plugin.productId(URI.create(url)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://www.hwahae.co.kr/goods/",
            "https://www.hwahae.co.kr/goods/dokdo-toner",
            "https://www.hwahae.co.kr/rankings?theme_id=2",
            "https://www.hwahae.co.kr/brands/1025/goods/21320",
            "https://www.hwahae.co.kr/search?q=/goods/21320",
            "https://nothwahae.co.kr/goods/21320",
            "https://hwahae.co.kr.example.net/goods/21320",
            "https://www.musinsa.com/goods/21320",
            "ftp://www.hwahae.co.kr/goods/21320",
            "/goods/21320",
    })
    void rejectsEverythingElseNamingTheAcceptedForms(String url) {
        UrlAssertions.assertRejected(plugin, url, "https://www.hwahae.co.kr/goods/{number}", "/products/.../{number}");
    }

    @Test
    void theCanonicalUrlIsTheGoodsPage() {
        assertEquals(URI.create("https://www.hwahae.co.kr/goods/21320"), plugin.canonicalUrl("21320"));
        assertThrows(IllegalArgumentException.class, () -> plugin.canonicalUrl("2132a"));
        assertThrows(IllegalArgumentException.class, () -> plugin.canonicalUrl(""));
    }
}
