package io.productscanner.plugin.hwahae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.productscanner.plugin.testkit.FixtureMirror;
import io.productscanner.plugin.testkit.SnapshotAssertions;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import io.productscanner.spi.ScanException;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Scans the recorded hwahae answers in fixtures/mirror/gateway.hwahae.co.kr through a site mirror. */
class HwahaeScannerTest {
    private static final String API_PATH = "gateway.hwahae.co.kr/v14/commerce/goods/";

    @RegisterExtension
    static final FixtureMirror mirror = new FixtureMirror();

    @ParameterizedTest(name = "{argumentSetName}")
    @MethodSource("recordedProducts")
    void eachRecordedProductIsReadAsItsSnapshot(String url, ProductSnapshot expected) throws ScanException {
        assertScan(url, expected);
    }

    /** Recorded products, each with the snapshot its scan must give, field by field. */
    static Stream<Arguments> recordedProducts() {
        return Stream.of(
                argumentSet(
                        "sold out",
                        "https://www.hwahae.co.kr/products/dr-g-cream/30001",
                        product("30001")
                                .productName("닥터지 레드 블레미쉬 클리어 수딩 크림 70ml")
                                .thumbnail("https://img.hwahae.co.kr/commerce/goods/30001/title_1.jpg")
                                .originalPrice(38000L)
                                .discountedPrice(38000L)
                                .saleStatus(SaleStatus.SOLD_OUT)
                                .rawStatus("SLDOT")
                                .strategy("api")
                                .build()),
                argumentSet(
                        "sale stopped is off sale",
                        "https://m.hwahae.co.kr/goods/30002",
                        product("30002")
                                .productName("[단종] 이니스프리 그린티 씨드 세럼 80ml")
                                .thumbnail("https://img.hwahae.co.kr/commerce/goods/30002/title_1.jpg")
                                .originalPrice(27000L)
                                .discountedPrice(21600L)
                                .saleStatus(SaleStatus.OFF_SALE)
                                .rawStatus("STSEL")
                                .strategy("api")
                                .build()),
                argumentSet(
                        "a deleted product is not found",
                        "https://www.hwahae.co.kr/goods/40400",
                        product("40400")
                                .saleStatus(SaleStatus.NOT_FOUND)
                                .rawStatus("HTTP_404")
                                .strategy("api")
                                .build()),
                argumentSet(
                        "a missing thumbnail is null",
                        "https://www.hwahae.co.kr/goods/60001",
                        product("60001")
                                .productName("토리든 다이브인 세럼 50ml")
                                .originalPrice(22000L)
                                .discountedPrice(17600L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("SELNG")
                                .strategy("api")
                                .build()),
                argumentSet(
                        "without a consumer price the price is both",
                        "https://www.hwahae.co.kr/goods/60002",
                        product("60002")
                                .productName("구달 청귤 비타C 잡티케어 세럼 30ml")
                                .thumbnail("https://img.hwahae.co.kr/commerce/goods/20250114_103015_60002_1.jpg")
                                .originalPrice(18900L)
                                .discountedPrice(18900L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("SELNG")
                                .strategy("api")
                                .build()),
                argumentSet(
                        "without a price the sale price is null",
                        "https://www.hwahae.co.kr/goods/60003",
                        product("60003")
                                .productName("에스트라 아토베리어365 크림 80ml")
                                .thumbnail("https://img.hwahae.co.kr/commerce/goods/20250211_141522_60003_1.jpg")
                                .originalPrice(33000L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("SELNG")
                                .strategy("api")
                                .build()));
    }

    @Test
    void onSaleWithADiscount() throws ScanException {
        assertScan(
                "https://www.hwahae.co.kr/goods/21320",
                product("21320")
                        .productName("라운드랩 1025 독도 토너 200ml")
                        .thumbnail("https://img.hwahae.co.kr/commerce/goods/21320/title_1.jpg")
                        .originalPrice(32000L)
                        .discountedPrice(25600L)
                        .saleStatus(SaleStatus.ON_SALE)
                        .rawStatus("SELNG")
                        .strategy("api")
                        .build());
        assertEquals(1, mirror.requestCount(API_PATH + "21320"));
    }

    @Test
    void aRefusalFollowedByAnAnswerAfterBackoffIsRead() throws ScanException {
        assertScan(
                "https://www.hwahae.co.kr/goods/40300",
                product("40300")
                        .productName("아누아 어성초 77 수딩 토너 250ml")
                        .thumbnail("https://img.hwahae.co.kr/commerce/goods/40300/title_1.jpg")
                        .originalPrice(30000L)
                        .discountedPrice(19900L)
                        .saleStatus(SaleStatus.ON_SALE)
                        .rawStatus("SELNG")
                        .strategy("api")
                        .build());
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
        assertTrue(
                failure.getMessage().contains("https://gateway.hwahae.co.kr/v14/commerce/goods/50000"),
                failure.getMessage());
        assertAnswerIsEvidence(failure, "50000", "코스알엑스 스네일 96 에센스");
    }

    @Test
    void anUnmappedSaleStatusIsAParseFailureNamingTheSetting() {
        ScanException failure = assertThrows(
                ScanException.class,
                () -> scan(
                        Map.of("HWAHAE_STATUS_MAP", "SLDOT:sold_out,STSEL:off_sale"),
                        "https://www.hwahae.co.kr/goods/21320"));

        assertEquals(FailureKind.PARSE, failure.kind());
        assertTrue(
                failure.getMessage().contains("SELNG") && failure.getMessage().contains("HWAHAE_STATUS_MAP"),
                failure.getMessage());
        assertAnswerIsEvidence(failure, "21320", "라운드랩 1025 독도 토너 200ml");
    }

    @Test
    void fieldPathsCanBeOverridden() throws ScanException {
        ProductSnapshot snapshot = scan(
                Map.of("HWAHAE_FIELD_THUMBNAIL", "/title_images/1", "HWAHAE_FIELD_SALE_PRICE", "/options/0/price"),
                "https://www.hwahae.co.kr/goods/21320");

        assertEquals("https://img.hwahae.co.kr/commerce/goods/21320/title_2.jpg", snapshot.thumbnail());
        assertEquals(25600L, snapshot.discountedPrice());
    }

    @Test
    void aMissingNameIsAParseFailureNamingItWithTheAnswer() {
        ScanException failure = assertThrows(
                ScanException.class,
                () -> scan(Map.of("HWAHAE_FIELD_NAME", "/goods_name"), "https://www.hwahae.co.kr/goods/21320"));

        assertEquals(FailureKind.PARSE, failure.kind());
        assertTrue(failure.getMessage().contains("/goods_name"), failure.getMessage());
        assertAnswerIsEvidence(failure, "21320", "\"sale_status\"");
    }

    @Test
    void aPriceThatIsNotAWholeNumberIsAParseFailure() {
        ScanException failure = assertThrows(
                ScanException.class,
                () -> scan(Map.of("HWAHAE_FIELD_SALE_PRICE", "/name"), "https://www.hwahae.co.kr/goods/21320"));

        assertEquals(FailureKind.PARSE, failure.kind());
        assertTrue(failure.getMessage().contains("/name"), failure.getMessage());
    }

    @Test
    void aMalformedFieldPathNamesItsSetting() {
        IllegalArgumentException failure = assertThrows(
                IllegalArgumentException.class,
                () -> scan(Map.of("HWAHAE_FIELD_NAME", "name"), "https://www.hwahae.co.kr/goods/21320"));

        assertTrue(failure.getMessage().contains("HWAHAE_FIELD_NAME"), failure.getMessage());
    }

    @Test
    void anInvalidUrlFailsWithoutARequest() {
        ScanException failure =
                assertScanFails("https://www.hwahae.co.kr/rankings?theme_id=2", FailureKind.INVALID_URL);

        assertTrue(failure.getMessage().contains("/goods/{number}"), failure.getMessage());
        assertEquals(Map.of(), mirror.requestCounts());
    }

    /** Product {@code id} as the recorded answers show it on its goods page; the scan time is never compared. */
    private static ProductSnapshot.Builder product(String id) {
        return ProductSnapshot.builder("hwahae", id)
                .url("https://www.hwahae.co.kr/goods/" + id)
                .scannedAt(Instant.EPOCH);
    }

    /** The answer is attached as {@code answer.json}, with the text given in it. */
    private static void assertAnswerIsEvidence(ScanException failure, String id, String expectedText) {
        SnapshotAssertions.assertAnswerIsEvidence(
                failure, "https://gateway.hwahae.co.kr/v14/commerce/goods/" + id, expectedText);
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
