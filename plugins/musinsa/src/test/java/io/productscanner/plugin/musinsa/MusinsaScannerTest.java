package io.productscanner.plugin.musinsa;

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
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Scans the recorded musinsa answers in fixtures/mirror/goods-detail.musinsa.com through a site mirror. */
class MusinsaScannerTest {
    private static final String API_PATH = "goods-detail.musinsa.com/api2/goods/";
    private static final String IMAGES = "https://image.msscdn.net/images/goods_img/";

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
                        "a coupon discount gives the coupon price",
                        "https://m.musinsa.com/app/goods/2551487/0",
                        product("2551487")
                                .productName("캐시미어 블렌드 오버사이즈 싱글 코트 [차콜]")
                                .brand("라퍼지스토어")
                                .thumbnail(IMAGES + "20220512/2551487/2551487_1_500.jpg")
                                .originalPrice(189000L)
                                .discountedPrice(136080L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("SALE")
                                .strategy("api")
                                .build()),
                argumentSet(
                        "sold out",
                        "https://www.musinsa.com/products/1843690",
                        product("1843690")
                                .productName("데님 와이드 카고 팬츠 [인디고]")
                                .brand("커버낫")
                                .thumbnail(IMAGES + "20210322/1843690/1843690_1_500.jpg")
                                .originalPrice(79000L)
                                .discountedPrice(79000L)
                                .saleStatus(SaleStatus.SOLD_OUT)
                                .rawStatus("SOLDOUT")
                                .strategy("api")
                                .build()),
                argumentSet(
                        "stopped sale is off sale and a missing brand is null",
                        "https://store.musinsa.com/app/goods/1207754",
                        product("1207754")
                                .productName("코튼 캔버스 토트백 [내추럴]")
                                .thumbnail(IMAGES + "20191030/1207754/1207754_1_500.jpg")
                                .originalPrice(32000L)
                                .discountedPrice(25600L)
                                .saleStatus(SaleStatus.OFF_SALE)
                                .rawStatus("STOP_SALE")
                                .strategy("api")
                                .build()),
                argumentSet(
                        "members only is off sale",
                        "https://www.musinsa.com/products/3901122",
                        product("3901122")
                                .productName("[회원 전용] 경량 패딩 베스트 [블랙]")
                                .brand("무신사 스탠다드")
                                .thumbnail(IMAGES + "20240221/3901122/3901122_17084915502318_500.jpg")
                                .originalPrice(49900L)
                                .discountedPrice(34930L)
                                .saleStatus(SaleStatus.OFF_SALE)
                                .rawStatus("SALE")
                                .strategy("api;status=members_only")
                                .build()),
                argumentSet(
                        "a deleted product is not found",
                        "https://www.musinsa.com/products/1000001",
                        product("1000001")
                                .saleStatus(SaleStatus.NOT_FOUND)
                                .rawStatus("DISPLAY_000_0002")
                                .strategy("api")
                                .build()),
                argumentSet(
                        "a private product is not found",
                        "https://www.musinsa.com/products/2999888",
                        product("2999888")
                                .saleStatus(SaleStatus.NOT_FOUND)
                                .rawStatus("DISPLAY_000_0006")
                                .strategy("api")
                                .build()),
                argumentSet(
                        "the error code not found means the product is gone",
                        "https://www.musinsa.com/products/1000002",
                        product("1000002")
                                .saleStatus(SaleStatus.NOT_FOUND)
                                .rawStatus("NOT_FOUND")
                                .strategy("api")
                                .build()),
                argumentSet(
                        "without prices both are null",
                        "https://www.musinsa.com/products/3333334",
                        product("3333334")
                                .productName("스웨이드 로퍼 [브라운]")
                                .brand("닥터마틴")
                                .thumbnail(IMAGES + "20230905/3333334/3333334_1_500.jpg")
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("SALE")
                                .strategy("api")
                                .build()),
                argumentSet(
                        "without a normal price the sale price is both",
                        "https://www.musinsa.com/products/3333335",
                        product("3333335")
                                .productName("릴렉스 와이드 데님 팬츠 [라이트 블루]")
                                .brand("무신사 스탠다드")
                                .thumbnail(IMAGES + "20240610/3333335/3333335_17180012345678_500.jpg")
                                .originalPrice(39900L)
                                .discountedPrice(39900L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("SALE")
                                .strategy("api")
                                .build()),
                argumentSet(
                        "a coupon discount without a coupon price has no sale price",
                        "https://www.musinsa.com/products/3333336",
                        product("3333336")
                                .productName("울 블렌드 발마칸 코트 [네이비]")
                                .brand("무신사 스탠다드")
                                .thumbnail(IMAGES + "20240610/3333336/3333336_17180012345678_500.jpg")
                                .originalPrice(259000L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("SALE")
                                .strategy("api")
                                .build()));
    }

    @Test
    void onSaleWithADiscount() throws ScanException {
        assertScan(
                "https://www.musinsa.com/products/3674341",
                product("3674341")
                        .productName("릴렉스 핏 크루 넥 반팔 티셔츠 [화이트]")
                        .brand("무신사 스탠다드")
                        .thumbnail(IMAGES + "20231127/3674341/3674341_17010583212356_500.jpg")
                        .originalPrice(19900L)
                        .discountedPrice(14900L)
                        .saleStatus(SaleStatus.ON_SALE)
                        .rawStatus("SALE")
                        .strategy("api")
                        .build());
        assertEquals(1, mirror.requestCount(API_PATH + "3674341"));
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
        assertTrue(
                failure.getMessage().contains("https://goods-detail.musinsa.com/api2/goods/3333333"),
                failure.getMessage());
        assertAnswerIsEvidence(failure, "3333333", "울 니트 머플러");
    }

    @Test
    void aRefusalFollowedByAnAnswerAfterBackoffIsRead() throws ScanException {
        assertScan(
                "https://www.musinsa.com/products/4030001",
                product("4030001")
                        .productName("스탠다드 후드 집업 [멜란지 그레이]")
                        .brand("무신사 스탠다드")
                        .thumbnail(IMAGES + "20240305/4030001/4030001_17096150881234_500.jpg")
                        .originalPrice(59900L)
                        .discountedPrice(47900L)
                        .saleStatus(SaleStatus.ON_SALE)
                        .rawStatus("SALE")
                        .strategy("api")
                        .build());
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

        ScanException failure =
                assertThrows(ScanException.class, () -> scan(impatient, "https://www.musinsa.com/products/5040000"));

        assertEquals(FailureKind.TIMEOUT, failure.kind());
        assertTrue(
                Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofMillis(1200)) < 0,
                "gave up only after the answer came");
    }

    @Test
    void anInvalidUrlFailsWithoutARequest() {
        ScanException failure =
                assertScanFails("https://www.musinsa.com/brands/musinsastandard", FailureKind.INVALID_URL);

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
        ProductSnapshot snapshot = scan(
                Map.of(
                        "MUSINSA_FIELD_SALE_PRICE",
                        "/data/goodsPrice/couponPrice",
                        "MUSINSA_FIELD_BRAND",
                        "/data/brandInfo/brandEnglishName"),
                "https://www.musinsa.com/products/3674341");

        assertEquals(13410L, snapshot.discountedPrice(), "the coupon price, though couponDiscount is false");
        assertEquals("MUSINSA STANDARD", snapshot.brand());
    }

    @Test
    void aMalformedFieldPathNamesItsSetting() {
        IllegalArgumentException failure = assertThrows(
                IllegalArgumentException.class,
                () -> scan(Map.of("MUSINSA_FIELD_NAME", "data.goodsNm"), "https://www.musinsa.com/products/3674341"));

        assertTrue(failure.getMessage().contains("MUSINSA_FIELD_NAME"), failure.getMessage());
    }

    /** Product {@code id} as the recorded answers show it on its products page; the scan time is never compared. */
    private static ProductSnapshot.Builder product(String id) {
        return ProductSnapshot.builder("musinsa", id)
                .url("https://www.musinsa.com/products/" + id)
                .scannedAt(Instant.EPOCH);
    }

    /** The answer is attached as {@code answer.json}, with the text given in it. */
    private static void assertAnswerIsEvidence(ScanException failure, String id, String expectedText) {
        SnapshotAssertions.assertAnswerIsEvidence(
                failure, "https://goods-detail.musinsa.com/api2/goods/" + id, expectedText);
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
