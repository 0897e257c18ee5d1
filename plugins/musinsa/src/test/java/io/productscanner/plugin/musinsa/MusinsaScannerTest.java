package io.productscanner.plugin.musinsa;

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
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scans the recorded musinsa answers in fixtures/mirror/goods-detail.musinsa.com through a site mirror. */
class MusinsaScannerTest {
    private static final String API_PATH = "goods-detail.musinsa.com/api2/goods/";

    @RegisterExtension
    static final FixtureMirror mirror = new FixtureMirror();

    @Test
    void onSaleWithADiscount() throws ScanException {
        assertScan("https://www.musinsa.com/products/3674341", new ProductSnapshot("musinsa", "3674341",
                "https://www.musinsa.com/products/3674341", "릴렉스 핏 크루 넥 반팔 티셔츠 [화이트]", "무신사 스탠다드",
                "https://image.msscdn.net/images/goods_img/20231127/3674341/3674341_17010583212356_500.jpg",
                19900L, 14900L, SaleStatus.ON_SALE, "SALE", "api", Instant.EPOCH));
        assertEquals(1, mirror.requestCount(API_PATH + "3674341"));
    }

    @Test
    void aCouponDiscountGivesTheCouponPrice() throws ScanException {
        assertScan("https://m.musinsa.com/app/goods/2551487/0", new ProductSnapshot("musinsa", "2551487",
                "https://www.musinsa.com/products/2551487", "캐시미어 블렌드 오버사이즈 싱글 코트 [차콜]", "라퍼지스토어",
                "https://image.msscdn.net/images/goods_img/20220512/2551487/2551487_1_500.jpg",
                189000L, 136080L, SaleStatus.ON_SALE, "SALE", "api", Instant.EPOCH));
    }

    @Test
    void soldOut() throws ScanException {
        assertScan("https://www.musinsa.com/products/1843690", new ProductSnapshot("musinsa", "1843690",
                "https://www.musinsa.com/products/1843690", "데님 와이드 카고 팬츠 [인디고]", "커버낫",
                "https://image.msscdn.net/images/goods_img/20210322/1843690/1843690_1_500.jpg",
                79000L, 79000L, SaleStatus.SOLD_OUT, "SOLDOUT", "api", Instant.EPOCH));
    }

    @Test
    void stoppedSaleIsOffSaleAndAMissingBrandIsNull() throws ScanException {
        assertScan("https://store.musinsa.com/app/goods/1207754", new ProductSnapshot("musinsa", "1207754",
                "https://www.musinsa.com/products/1207754", "코튼 캔버스 토트백 [내추럴]", null,
                "https://image.msscdn.net/images/goods_img/20191030/1207754/1207754_1_500.jpg",
                32000L, 25600L, SaleStatus.OFF_SALE, "STOP_SALE", "api", Instant.EPOCH));
    }

    @Test
    void membersOnlyIsOffSale() throws ScanException {
        assertScan("https://www.musinsa.com/products/3901122", new ProductSnapshot("musinsa", "3901122",
                "https://www.musinsa.com/products/3901122", "[회원 전용] 경량 패딩 베스트 [블랙]", "무신사 스탠다드",
                "https://image.msscdn.net/images/goods_img/20240221/3901122/3901122_17084915502318_500.jpg",
                49900L, 34930L, SaleStatus.OFF_SALE, "SALE", "api;status=members_only", Instant.EPOCH));
    }

    @Test
    void aDeletedProductIsNotFound() throws ScanException {
        assertScan("https://www.musinsa.com/products/1000001", ProductSnapshot.notFound("musinsa", "1000001",
                "https://www.musinsa.com/products/1000001", "DISPLAY_000_0002", "api", Instant.EPOCH));
    }

    @Test
    void aPrivateProductIsNotFound() throws ScanException {
        assertScan("https://www.musinsa.com/products/2999888", ProductSnapshot.notFound("musinsa", "2999888",
                "https://www.musinsa.com/products/2999888", "DISPLAY_000_0006", "api", Instant.EPOCH));
    }

    @Test
    void theErrorCodeNotFoundMeansTheProductIsGone() throws ScanException {
        assertScan("https://www.musinsa.com/products/1000002", ProductSnapshot.notFound("musinsa", "1000002",
                "https://www.musinsa.com/products/1000002", "NOT_FOUND", "api", Instant.EPOCH));
    }

    @Test
    void anUnknownErrorCodeIsAnUpstreamFailureWithTheAnswer() {
        ScanException failure = assertScanFails("https://www.musinsa.com/products/2999889", FailureKind.UPSTREAM);

        assertTrue(failure.getMessage().contains("DISPLAY_000_0099"), failure.getMessage());
        assertAnswerIsEvidence(failure, "2999889", "DISPLAY_000_0099");
    }

    @Test
    void anErrorCodeSentWithHttp200FailsTheScan() {
        ScanException failure = assertScanFails("https://www.musinsa.com/products/2999890", FailureKind.UPSTREAM);

        assertTrue(failure.getMessage().contains("SYSTEM_000_0001"), failure.getMessage());
    }

    @Test
    void anErrorCodeBesideDataFailsTheScanToo() {
        ScanException failure = assertScanFails("https://www.musinsa.com/products/2999891", FailureKind.UPSTREAM);

        assertTrue(failure.getMessage().contains("DISPLAY_000_0099"), failure.getMessage());
    }

    @Test
    void aNotFoundStatusWithoutAnErrorCodeIsAFailureNotAVanishedProduct() {
        ScanException failure = assertScanFails("https://www.musinsa.com/products/2999892", FailureKind.UPSTREAM);

        assertTrue(failure.getMessage().contains("404"), failure.getMessage());
    }

    @Test
    void aSuccessWithoutDataIsAParseFailureWithTheAnswer() {
        ScanException failure = assertScanFails("https://www.musinsa.com/products/3333338", FailureKind.PARSE);

        assertTrue(failure.getMessage().contains("/data"), failure.getMessage());
        assertAnswerIsEvidence(failure, "3333338", "\"SUCCESS\"");
    }

    @Test
    void aTruncatedBodyIsARetryableParseFailureWithTheAnswer() {
        ScanException failure = assertScanFails("https://www.musinsa.com/products/3333333", FailureKind.PARSE);

        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("https://goods-detail.musinsa.com/api2/goods/3333333"),
                failure.getMessage());
        assertAnswerIsEvidence(failure, "3333333", "울 니트 머플러");
    }

    @Test
    void withoutPricesBothAreNull() throws ScanException {
        assertScan("https://www.musinsa.com/products/3333334", new ProductSnapshot("musinsa", "3333334",
                "https://www.musinsa.com/products/3333334", "스웨이드 로퍼 [브라운]", "닥터마틴",
                "https://image.msscdn.net/images/goods_img/20230905/3333334/3333334_1_500.jpg",
                null, null, SaleStatus.ON_SALE, "SALE", "api", Instant.EPOCH));
    }

    @Test
    void withoutANormalPriceTheSalePriceIsBoth() throws ScanException {
        assertScan("https://www.musinsa.com/products/3333335", new ProductSnapshot("musinsa", "3333335",
                "https://www.musinsa.com/products/3333335", "릴렉스 와이드 데님 팬츠 [라이트 블루]", "무신사 스탠다드",
                "https://image.msscdn.net/images/goods_img/20240610/3333335/3333335_17180012345678_500.jpg",
                39900L, 39900L, SaleStatus.ON_SALE, "SALE", "api", Instant.EPOCH));
    }

    @Test
    void aCouponDiscountWithoutACouponPriceHasNoSalePrice() throws ScanException {
        assertScan("https://www.musinsa.com/products/3333336", new ProductSnapshot("musinsa", "3333336",
                "https://www.musinsa.com/products/3333336", "울 블렌드 발마칸 코트 [네이비]", "무신사 스탠다드",
                "https://image.msscdn.net/images/goods_img/20240610/3333336/3333336_17180012345678_500.jpg",
                259000L, null, SaleStatus.ON_SALE, "SALE", "api", Instant.EPOCH));
    }

    @Test
    void aRefusalFollowedByAnAnswerAfterBackoffIsRead() throws ScanException {
        assertScan("https://www.musinsa.com/products/4030001", new ProductSnapshot("musinsa", "4030001",
                "https://www.musinsa.com/products/4030001", "스탠다드 후드 집업 [멜란지 그레이]", "무신사 스탠다드",
                "https://image.msscdn.net/images/goods_img/20240305/4030001/4030001_17096150881234_500.jpg",
                59900L, 47900L, SaleStatus.ON_SALE, "SALE", "api", Instant.EPOCH));
        assertEquals(2, mirror.requestCount(API_PATH + "4030001"), "a 403, then the answer");
    }

    @Test
    void rateLimitingThatOutlastsTheRetriesIsBlocked() {
        ScanException failure = assertScanFails("https://www.musinsa.com/products/4290000", FailureKind.BLOCKED);

        assertTrue(failure.retryable());
        assertEquals(3, mirror.requestCount(API_PATH + "4290000"), "three attempts before giving up");
    }

    @Test
    void aServerErrorThatOutlastsTheRetriesIsUpstream() {
        assertScanFails("https://www.musinsa.com/products/5000000", FailureKind.UPSTREAM);

        assertEquals(3, mirror.requestCount(API_PATH + "5000000"));
    }

    @Test
    void aSlowAnswerIsATimeout() {
        Map<String, String> impatient = Map.of("MUSINSA_READ_TIMEOUT_MS", "300", "MUSINSA_MAX_ATTEMPTS", "1");
        long started = System.nanoTime();

        ScanException failure = assertThrows(ScanException.class,
                () -> scan(impatient, "https://www.musinsa.com/products/5040000"));

        assertEquals(FailureKind.TIMEOUT, failure.kind());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofMillis(1200)) < 0,
                "gave up only after the answer came");
    }

    @Test
    void anInvalidUrlFailsWithoutARequest() {
        ScanException failure = assertScanFails("https://www.musinsa.com/brands/musinsastandard",
                FailureKind.INVALID_URL);

        assertTrue(failure.getMessage().contains("/products/{number}"), failure.getMessage());
        assertEquals(Map.of(), mirror.requestCounts());
    }

    @Test
    void theStatusMapCanBeOverridden() throws ScanException {
        Map<String, String> saleMeansSoldOut =
                Map.of("MUSINSA_STATUS_MAP", "SALE:sold_out,SOLDOUT:sold_out,STOP_SALE:off_sale");

        ProductSnapshot snapshot = scan(saleMeansSoldOut, "https://www.musinsa.com/products/3674341");

        assertEquals(SaleStatus.SOLD_OUT, snapshot.saleStatus());
    }

    @Test
    void fieldPathsCanBeOverridden() throws ScanException {
        ProductSnapshot snapshot = scan(Map.of("MUSINSA_FIELD_SALE_PRICE", "/data/goodsPrice/couponPrice",
                "MUSINSA_FIELD_BRAND", "/data/brandInfo/brandEnglishName"), "https://www.musinsa.com/products/3674341");

        assertEquals(13410L, snapshot.discountedPrice(), "the coupon price, though couponDiscount is false");
        assertEquals("MUSINSA STANDARD", snapshot.brand());
    }

    @Test
    void aMalformedFieldPathNamesItsSetting() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> scan(Map.of("MUSINSA_FIELD_NAME", "data.goodsNm"), "https://www.musinsa.com/products/3674341"));

        assertTrue(failure.getMessage().contains("MUSINSA_FIELD_NAME"), failure.getMessage());
    }

    /** The API answer is attached as {@code answer.json}, with the text given in it. */
    private static void assertAnswerIsEvidence(ScanException failure, String id, String expectedText) {
        assertEquals(1, failure.evidence().size(), failure.evidence().toString());
        ScanEvidence answer = failure.evidence().getFirst();
        assertEquals("answer.json", answer.name());
        assertEquals("https://goods-detail.musinsa.com/api2/goods/" + id, answer.source());
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
        try (ProductScanner scanner = new MusinsaPlugin().createScanner(mirror.quickApiContext("MUSINSA", overrides))) {
            return scanner.scan(URI.create(url));
        }
    }
}
