package io.productscanner.plugin.musinsa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.plugin.testkit.TestContexts;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.ScanException;
import io.productscanner.support.http.TextResponse;
import java.time.Instant;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** The corners of the answer's shape that the recorded fixtures do not show. */
class GoodsDetailReaderTest {
    private static final HttpUrl API = HttpUrl.get("https://goods-detail.musinsa.com/api2/goods/7");
    private static final Instant NOW = Instant.parse("2026-11-29T05:00:00Z");

    private final GoodsDetailReader reader =
            new GoodsDetailReader(MusinsaConfig.load(TestContexts.withSettings(Map.of())));

    @Test
    void thumbnailsArePathsOnTheImageHostUnlessAlreadyAbsolute() throws ScanException {
        assertEquals(
                "https://image.msscdn.net/images/a.jpg",
                read(product("\"/images/a.jpg\"")).thumbnail());
        assertEquals(
                "https://image.msscdn.net/images/a.jpg",
                read(product("\"images/a.jpg\"")).thumbnail());
        assertEquals(
                "https://image.msscdn.net/images/a.jpg",
                read(product("\"//image.msscdn.net/images/a.jpg\"")).thumbnail());
        assertEquals(
                "https://cdn.example.com/a.jpg",
                read(product("\"https://cdn.example.com/a.jpg\"")).thumbnail());
        assertNull(read(product("null")).thumbnail());
    }

    @Test
    void anUnknownSaleTypeIsAParseFailureThatSaysHowToMapIt() {
        String body = product("\"/a.jpg\"").replace("\"SALE\"", "\"PRE_ORDER\"");

        ScanException failure = assertThrows(ScanException.class, () -> read(body));

        assertEquals(FailureKind.PARSE, failure.kind());
        assertTrue(failure.getMessage().contains("PRE_ORDER"), failure.getMessage());
        assertTrue(failure.getMessage().contains("MUSINSA_STATUS_MAP"), failure.getMessage());
    }

    @Test
    void aSuccessWithoutDataIsAParseFailure() {
        ScanException failure = assertThrows(
                ScanException.class,
                () -> read("{\"meta\":{\"result\":\"SUCCESS\",\"errorCode\":\"\"},\"data\":null}"));

        assertEquals(FailureKind.PARSE, failure.kind());
    }

    @Test
    void aPriceGivenAsTextIsAParseFailure() {
        String body = product("\"/a.jpg\"").replace("\"normalPrice\":10000", "\"normalPrice\":\"10,000\"");

        ScanException failure = assertThrows(ScanException.class, () -> read(body));

        assertEquals(FailureKind.PARSE, failure.kind());
        assertTrue(failure.getMessage().contains("normalPrice"), failure.getMessage());
    }

    @Test
    void aNotFoundPageThatIsNotMusinsasJsonIsAnUpstreamFailure() {
        ScanException failure = assertThrows(
                ScanException.class,
                () -> reader.read("7", new TextResponse(API, 404, "<html><body>Not Found</body></html>"), NOW));

        assertEquals(FailureKind.UPSTREAM, failure.kind());
        assertTrue(failure.getMessage().contains("404"), failure.getMessage());
    }

    private ProductSnapshot read(String body) throws ScanException {
        return reader.read("7", new TextResponse(API, 200, body), NOW);
    }

    private static String product(String thumbnailJson) {
        return """
                {"meta":{"result":"SUCCESS","errorCode":""},
                 "data":{"goodsNm":"테스트 상품","goodsSaleType":"SALE","thumbnailImageUrl":%s,
                         "goodsPrice":{"normalPrice":10000,"salePrice":9000,"couponPrice":8000,"couponDiscount":false}}}
                """.formatted(thumbnailJson);
    }
}
