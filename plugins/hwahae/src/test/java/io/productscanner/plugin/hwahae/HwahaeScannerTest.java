package io.productscanner.plugin.hwahae;

import io.productscanner.plugin.testkit.FixtureMirror;
import io.productscanner.plugin.testkit.SnapshotAssertions;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import io.productscanner.spi.ScanEvidence;
import io.productscanner.spi.ScanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scans the recorded hwahae answers in fixtures/mirror/gateway.hwahae.co.kr through a site mirror. */
class HwahaeScannerTest {
    private static final String API_PATH = "gateway.hwahae.co.kr/v14/commerce/goods/";

    @RegisterExtension
    static final FixtureMirror mirror = new FixtureMirror();

    @Test
    void onSaleWithADiscount() throws ScanException {
        assertScan("https://www.hwahae.co.kr/goods/21320", new ProductSnapshot("hwahae", "21320",
                "https://www.hwahae.co.kr/goods/21320", "라운드랩 1025 독도 토너 200ml", null,
                "https://img.hwahae.co.kr/commerce/goods/21320/title_1.jpg",
                32000L, 25600L, SaleStatus.ON_SALE, "SELNG", "api", Instant.EPOCH));
        assertEquals(1, mirror.requestCount(API_PATH + "21320"));
    }

    @Test
    void soldOut() throws ScanException {
        assertScan("https://www.hwahae.co.kr/products/dr-g-cream/30001", new ProductSnapshot("hwahae", "30001",
                "https://www.hwahae.co.kr/goods/30001", "닥터지 레드 블레미쉬 클리어 수딩 크림 70ml", null,
                "https://img.hwahae.co.kr/commerce/goods/30001/title_1.jpg",
                38000L, 38000L, SaleStatus.SOLD_OUT, "SLDOT", "api", Instant.EPOCH));
    }

    @Test
    void saleStoppedIsOffSale() throws ScanException {
        assertScan("https://m.hwahae.co.kr/goods/30002", new ProductSnapshot("hwahae", "30002",
                "https://www.hwahae.co.kr/goods/30002", "[단종] 이니스프리 그린티 씨드 세럼 80ml", null,
                "https://img.hwahae.co.kr/commerce/goods/30002/title_1.jpg",
                27000L, 21600L, SaleStatus.OFF_SALE, "STSEL", "api", Instant.EPOCH));
    }

    @Test
    void aDeletedProductIsNotFound() throws ScanException {
        assertScan("https://www.hwahae.co.kr/goods/40400", ProductSnapshot.notFound("hwahae", "40400",
                "https://www.hwahae.co.kr/goods/40400", "HTTP_404", "api", Instant.EPOCH));
    }

    @Test
    void aMissingThumbnailIsNull() throws ScanException {
        assertScan("https://www.hwahae.co.kr/goods/60001", new ProductSnapshot("hwahae", "60001",
                "https://www.hwahae.co.kr/goods/60001", "토리든 다이브인 세럼 50ml", null, null,
                22000L, 17600L, SaleStatus.ON_SALE, "SELNG", "api", Instant.EPOCH));
    }

    @Test
    void aRefusalFollowedByAnAnswerAfterBackoffIsRead() throws ScanException {
        assertScan("https://www.hwahae.co.kr/goods/40300", new ProductSnapshot("hwahae", "40300",
                "https://www.hwahae.co.kr/goods/40300", "아누아 어성초 77 수딩 토너 250ml", null,
                "https://img.hwahae.co.kr/commerce/goods/40300/title_1.jpg",
                30000L, 19900L, SaleStatus.ON_SALE, "SELNG", "api", Instant.EPOCH));
        assertEquals(2, mirror.requestCount(API_PATH + "40300"), "a 403, then the answer");
    }

    @Test
    void aRefusalThatOutlastsTheRetriesIsBlocked() {
        ScanException failure = assertScanFails("https://www.hwahae.co.kr/goods/40399", FailureKind.BLOCKED);

        assertTrue(failure.retryable());
        assertEquals(3, mirror.requestCount(API_PATH + "40399"), "three attempts before giving up");
    }

    @Test
    void aTruncatedBodyIsARetryableParseFailureWithTheAnswer() {
        ScanException failure = assertScanFails("https://www.hwahae.co.kr/goods/50000", FailureKind.PARSE);

        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("https://gateway.hwahae.co.kr/v14/commerce/goods/50000"),
                failure.getMessage());
        assertAnswerIsEvidence(failure, "50000", "코스알엑스 스네일 96 에센스");
    }

    @Test
    void withoutAConsumerPriceThePriceIsBoth() throws ScanException {
        assertScan("https://www.hwahae.co.kr/goods/60002", new ProductSnapshot("hwahae", "60002",
                "https://www.hwahae.co.kr/goods/60002", "구달 청귤 비타C 잡티케어 세럼 30ml", null,
                "https://img.hwahae.co.kr/commerce/goods/20250114_103015_60002_1.jpg",
                18900L, 18900L, SaleStatus.ON_SALE, "SELNG", "api", Instant.EPOCH));
    }

    @Test
    void withoutAPriceTheSalePriceIsNull() throws ScanException {
        assertScan("https://www.hwahae.co.kr/goods/60003", new ProductSnapshot("hwahae", "60003",
                "https://www.hwahae.co.kr/goods/60003", "에스트라 아토베리어365 크림 80ml", null,
                "https://img.hwahae.co.kr/commerce/goods/20250211_141522_60003_1.jpg",
                33000L, null, SaleStatus.ON_SALE, "SELNG", "api", Instant.EPOCH));
    }

    @Test
    void anUnmappedSaleStatusIsAParseFailureNamingTheSetting() {
        ScanException failure = assertThrows(ScanException.class, () -> scan(
                Map.of("HWAHAE_STATUS_MAP", "SLDOT:sold_out,STSEL:off_sale"), "https://www.hwahae.co.kr/goods/21320"));

        assertEquals(FailureKind.PARSE, failure.kind());
        assertTrue(failure.getMessage().contains("SELNG") && failure.getMessage().contains("HWAHAE_STATUS_MAP"),
                failure.getMessage());
        assertAnswerIsEvidence(failure, "21320", "라운드랩 1025 독도 토너 200ml");
    }

    @Test
    void fieldPathsCanBeOverridden() throws ScanException {
        ProductSnapshot snapshot = scan(Map.of("HWAHAE_FIELD_THUMBNAIL", "/title_images/1",
                "HWAHAE_FIELD_SALE_PRICE", "/options/0/price"), "https://www.hwahae.co.kr/goods/21320");

        assertEquals("https://img.hwahae.co.kr/commerce/goods/21320/title_2.jpg", snapshot.thumbnail());
        assertEquals(25600L, snapshot.discountedPrice());
    }

    @Test
    void aMissingNameIsAParseFailureNamingItWithTheAnswer() {
        ScanException failure = assertThrows(ScanException.class, () -> scan(
                Map.of("HWAHAE_FIELD_NAME", "/goods_name"), "https://www.hwahae.co.kr/goods/21320"));

        assertEquals(FailureKind.PARSE, failure.kind());
        assertTrue(failure.getMessage().contains("/goods_name"), failure.getMessage());
        assertAnswerIsEvidence(failure, "21320", "\"sale_status\"");
    }

    @Test
    void aPriceThatIsNotAWholeNumberIsAParseFailure() {
        ScanException failure = assertThrows(ScanException.class, () -> scan(
                Map.of("HWAHAE_FIELD_SALE_PRICE", "/name"), "https://www.hwahae.co.kr/goods/21320"));

        assertEquals(FailureKind.PARSE, failure.kind());
        assertTrue(failure.getMessage().contains("/name"), failure.getMessage());
    }

    @Test
    void aMalformedFieldPathNamesItsSetting() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> scan(Map.of("HWAHAE_FIELD_NAME", "name"), "https://www.hwahae.co.kr/goods/21320"));

        assertTrue(failure.getMessage().contains("HWAHAE_FIELD_NAME"), failure.getMessage());
    }

    @Test
    void anInvalidUrlFailsWithoutARequest() {
        ScanException failure = assertScanFails("https://www.hwahae.co.kr/rankings?theme_id=2",
                FailureKind.INVALID_URL);

        assertTrue(failure.getMessage().contains("/goods/{number}"), failure.getMessage());
        assertEquals(Map.of(), mirror.requestCounts());
    }

    /** The API answer is attached as {@code answer.json}, with the text given in it. */
    private static void assertAnswerIsEvidence(ScanException failure, String id, String expectedText) {
        assertEquals(1, failure.evidence().size(), failure.evidence().toString());
        ScanEvidence answer = failure.evidence().getFirst();
        assertEquals("answer.json", answer.name());
        assertEquals("https://gateway.hwahae.co.kr/v14/commerce/goods/" + id, answer.source());
        assertTrue(new String(answer.content(), StandardCharsets.UTF_8).contains(expectedText),
                "evidence lacks " + expectedText);
    }

    private static void assertScan(String url, ProductSnapshot expected) throws ScanException {
        SnapshotAssertions.assertScan(expected, () -> scan(Map.of(), url));
    }

    private static ScanException assertScanFails(String url, FailureKind kind) {
        return SnapshotAssertions.assertScanFails(kind, () -> scan(Map.of(), url));
    }

    private static ProductSnapshot scan(Map<String, String> overrides, String url) throws ScanException {
        try (ProductScanner scanner = new HwahaePlugin().createScanner(mirror.quickApiContext("HWAHAE", overrides))) {
            return scanner.scan(URI.create(url));
        }
    }
}
