package io.productscanner.plugin.oliveyoung;

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

class OliveyoungPluginTest {
    private final OliveyoungPlugin plugin = new OliveyoungPlugin();

    @Test
    void describesItself() {
        assertEquals("oliveyoung", plugin.id());
        assertEquals(PluginKind.BROWSER, plugin.kind());
        assertEquals(List.of("oliveyoung"), plugin.queues());
        assertEquals(1, plugin.maxConcurrency());
    }

    @ParameterizedTest
    @CsvSource({
            "https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo=A000000238213, A000000238213",
            "https://www.oliveyoung.co.kr/store/goods/getGoodsDetail.do?goodsNo=A000000238213&dispCatNo=100, "
                    + "A000000238213",
            "http://oliveyoung.co.kr/store/goods/getGoodsDetail.do?dispCatNo=100&goodsNo=A000000238213#reviews, "
                    + "A000000238213",
            "https://M.OLIVEYOUNG.CO.KR/m/goods/getGoodsDetail.do?goodsNo=A%30000001, A0000001",
    })
    void readsTheGoodsNoOfEveryUrlForm(String url, String productId) throws ScanException {
        assertTrue(plugin.matches(URI.create(url)));
        assertEquals(productId, plugin.productId(URI.create(url)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://m.oliveyoung.co.kr/m/main/main.do",
            "https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo=",
            "https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo=a000000238213",
            // the first goodsNo decides
            "https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo=x&goodsNo=A000000238213",
            "https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?xgoodsNo=A000000238213",
            "https://notoliveyoung.co.kr/store/goods/getGoodsDetail.do?goodsNo=A000000238213",
            "https://oliveyoung.co.kr.example.net/store/goods/getGoodsDetail.do?goodsNo=A000000238213",
            "ftp://www.oliveyoung.co.kr/store/goods/getGoodsDetail.do?goodsNo=A000000238213",
            "/store/goods/getGoodsDetail.do?goodsNo=A000000238213",
    })
    void rejectsEverythingElseNamingTheAcceptedForms(String url) {
        UrlAssertions.assertRejected(plugin, url, "https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo={id}",
                "https://www.oliveyoung.co.kr/store/goods/getGoodsDetail.do?goodsNo={id}");
    }

    @Test
    void theCanonicalUrlIsTheMobilePage() {
        assertEquals(URI.create("https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo=A000000238213"),
                plugin.canonicalUrl("A000000238213"));
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> plugin.canonicalUrl("a000000238213"));
        assertEquals("an oliveyoung product id is upper-case letters and digits, was 'a000000238213'",
                failure.getMessage());
        assertThrows(IllegalArgumentException.class, () -> plugin.canonicalUrl(""));
    }
}
