package io.productscanner.plugin.zigzag;

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

/**
 * Scans the zigzag fixtures (fixtures/mirror/api.zigzag.kr: GraphQL answers in the shape of the original service's
 * recordings docs/zigzag_case1..4.json; fixtures/mirror/zigzag.kr: product pages) through a site mirror, one test
 * per decision step. The GraphQL routes answer only a request whose variables carry the {@code input} the original
 * sends.
 */
class ZigzagScannerTest {
    private static final String GRAPHQL_PATH = "api.zigzag.kr/api/2/graphql/GetCatalogProductDetailPageOption";
    private static final String PAGE_PATH = "zigzag.kr/catalog/products/";
    private static final Map<String, Integer> SHOP_IDS = Map.of("모디무드", 1101, "베니토", 1102, "어텀노트", 1103, "소소데일리", 1104);
    private static final String AGREED = "graphql;cross_check=agreed";
    private static final String ITEMS_AGREED = "graphql;status=items;cross_check=agreed";

    @RegisterExtension
    static final FixtureMirror mirror = new FixtureMirror();

    @ParameterizedTest(name = "{argumentSetName}")
    @MethodSource("recordedProducts")
    void eachRecordedProductIsReadAsItsSnapshot(ProductSnapshot expected) throws ScanException {
        assertScan(expected);
    }

    /** Recorded products, each with the snapshot its scan must give, field by field. */
    static Stream<Arguments> recordedProducts() {
        return Stream.of(
                // --- prices ---
                argumentSet(
                        "a first purchase badge takes the final price under product price",
                        product("100102")
                                .productName("하이웨스트 부츠컷 데님 팬츠")
                                .brand("베니토")
                                .thumbnail(thumbnail("베니토", "100102"))
                                .originalPrice(32000L)
                                .discountedPrice(19900L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("ON_SALE")
                                .strategy(AGREED)
                                .build()),
                argumentSet(
                        "a first purchase badge written with a space counts too",
                        product("100103")
                                .productName("울 블렌드 핸드메이드 코트")
                                .brand("어텀노트")
                                .thumbnail(thumbnail("어텀노트", "100103"))
                                .originalPrice(129000L)
                                .discountedPrice(99000L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("ON_SALE")
                                .strategy(AGREED)
                                .build()),
                argumentSet(
                        "a zigzag pick badge is not a first purchase coupon the discount price stands",
                        product("100115")
                                .productName("[직잭픽] 소프트 앙고라 브이넥 니트")
                                .brand("소소데일리")
                                .thumbnail(thumbnail("소소데일리", "100115"))
                                .originalPrice(48000L)
                                .discountedPrice(31200L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("ON_SALE")
                                .strategy(ITEMS_AGREED)
                                .build()),
                argumentSet(
                        "without an original price the sale price is both",
                        product("100125")
                                .productName("코튼 오버핏 셔츠")
                                .brand("모디무드")
                                .thumbnail(thumbnail("모디무드", "100125"))
                                .originalPrice(25900L)
                                .discountedPrice(25900L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("ON_SALE")
                                .strategy(AGREED)
                                .build()),
                argumentSet(
                        "without a discount price the original price is both",
                        product("100126")
                                .productName("캔버스 숄더 에코백")
                                .brand("베니토")
                                .thumbnail(thumbnail("베니토", "100126"))
                                .originalPrice(18000L)
                                .discountedPrice(18000L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("ON_SALE")
                                .strategy(AGREED)
                                .build()),
                argumentSet(
                        "missing optional fields are null",
                        product("100111")
                                .productName("기본 코튼 반팔 티셔츠")
                                .originalPrice(12900L)
                                .discountedPrice(9900L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("ON_SALE")
                                .strategy(AGREED)
                                .build()),

                // --- status from GraphQL ---
                argumentSet(
                        "sold out",
                        product("100104")
                                .productName("골지 반목 폴라 티셔츠")
                                .brand("모디무드")
                                .thumbnail(thumbnail("모디무드", "100104"))
                                .originalPrice(19800L)
                                .discountedPrice(15800L)
                                .saleStatus(SaleStatus.SOLD_OUT)
                                .rawStatus("SOLD_OUT")
                                .strategy(AGREED)
                                .build()),
                argumentSet(
                        "the products suspension wins over options on sale",
                        product("100105")
                                .productName("코듀로이 와이드 팬츠")
                                .brand("베니토")
                                .thumbnail(thumbnail("베니토", "100105"))
                                .originalPrice(36000L)
                                .discountedPrice(28800L)
                                .saleStatus(SaleStatus.OFF_SALE)
                                .rawStatus("SUSPENDED")
                                .strategy(AGREED)
                                .build()),
                argumentSet(
                        "without a product status one option on sale means on sale",
                        product("100119")
                                .productName("소프트 터치 라운드 가디건")
                                .brand("모디무드")
                                .thumbnail(thumbnail("모디무드", "100119"))
                                .originalPrice(42000L)
                                .discountedPrice(31500L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("ON_SALE")
                                .strategy(ITEMS_AGREED)
                                .build()),
                argumentSet(
                        "without a product status every option sold out means sold out",
                        product("100117")
                                .productName("와플 조직 헨리넥 티셔츠")
                                .brand("모디무드")
                                .thumbnail(thumbnail("모디무드", "100117"))
                                .originalPrice(22000L)
                                .discountedPrice(19800L)
                                .saleStatus(SaleStatus.SOLD_OUT)
                                .rawStatus("SOLD_OUT")
                                .strategy(ITEMS_AGREED)
                                .build()),
                argumentSet(
                        "without a product status otherwise the first options status decides",
                        product("100120")
                                .productName("빈티지 워싱 데님 자켓")
                                .brand("베니토")
                                .thumbnail(thumbnail("베니토", "100120"))
                                .originalPrice(68000L)
                                .discountedPrice(54400L)
                                .saleStatus(SaleStatus.OFF_SALE)
                                .rawStatus("SUSPENDED")
                                .strategy(ITEMS_AGREED)
                                .build()),
                argumentSet(
                        "without a product status or options the product is suspended",
                        product("100118")
                                .productName("리본 포인트 헤어핀 세트")
                                .brand("소소데일리")
                                .thumbnail(thumbnail("소소데일리", "100118"))
                                .originalPrice(9800L)
                                .discountedPrice(7800L)
                                .saleStatus(SaleStatus.OFF_SALE)
                                .rawStatus("SUSPENDED")
                                .strategy(ITEMS_AGREED)
                                .build()),

                // --- the page cross-check ---
                argumentSet(
                        "the page wins when it shows the product suspended",
                        product("100106")
                                .productName("체크 울 머플러")
                                .brand("어텀노트")
                                .thumbnail(thumbnail("어텀노트", "100106"))
                                .originalPrice(25000L)
                                .discountedPrice(19900L)
                                .saleStatus(SaleStatus.OFF_SALE)
                                .rawStatus("SUSPENDED")
                                .strategy("graphql;cross_check=page_wins")
                                .build()),
                argumentSet(
                        "the page wins when it shows a sold out product on sale",
                        product("100114")
                                .productName("스트링 와이드 조거 팬츠")
                                .brand("베니토")
                                .thumbnail(thumbnail("베니토", "100114"))
                                .originalPrice(29000L)
                                .discountedPrice(23200L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("ON_SALE")
                                .strategy("graphql;cross_check=page_wins")
                                .build()),
                argumentSet(
                        "a page showing on sale with a disabled buy button is off sale",
                        product("100129")
                                .productName("니트 버킷햇")
                                .brand("소소데일리")
                                .thumbnail(thumbnail("소소데일리", "100129"))
                                .originalPrice(23000L)
                                .discountedPrice(18400L)
                                .saleStatus(SaleStatus.OFF_SALE)
                                .rawStatus("NOT_PURCHASABLE")
                                .strategy("graphql;cross_check=page_wins")
                                .build()),
                argumentSet(
                        "a page without a sales status lets is purchasable decide",
                        product("100130")
                                .productName("스웨이드 로퍼")
                                .brand("베니토")
                                .thumbnail(thumbnail("베니토", "100130"))
                                .originalPrice(59000L)
                                .discountedPrice(47200L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("PURCHASABLE")
                                .strategy("graphql;cross_check=page_wins")
                                .build()),
                argumentSet(
                        "a page that is not there leaves the graphql answer and says so",
                        product("100107")
                                .productName("캐시미어 라운드 니트")
                                .brand("모디무드")
                                .thumbnail(thumbnail("모디무드", "100107"))
                                .originalPrice(59000L)
                                .discountedPrice(47200L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("ON_SALE")
                                .strategy("graphql;cross_check=skipped")
                                .build()),
                argumentSet(
                        "a page without next data leaves the graphql answer and says so",
                        product("100108")
                                .productName("레더 미니 크로스백")
                                .brand("베니토")
                                .thumbnail(thumbnail("베니토", "100108"))
                                .originalPrice(45000L)
                                .discountedPrice(39900L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("ON_SALE")
                                .strategy("graphql;cross_check=skipped")
                                .build()));
    }

    // --- prices ---

    @Test
    void aCouponDiscountTakesTheDiscountPriceAndThePageAgrees() throws ScanException {
        assertScan(product("100101")
                .productName("루즈핏 케이블 니트 가디건")
                .brand("모디무드")
                .thumbnail(thumbnail("모디무드", "100101"))
                .originalPrice(39800L)
                .discountedPrice(29800L)
                .saleStatus(SaleStatus.ON_SALE)
                .rawStatus("ON_SALE")
                .strategy(AGREED)
                .build());
        assertEquals(1, mirror.requestCount(GRAPHQL_PATH));
        assertEquals(1, mirror.requestCount(PAGE_PATH + "100101"));
    }

    @Test
    void aFirstPurchaseBadgeWithoutAFinalPriceFallsBackToTheOriginalPrice() throws ScanException {
        // as in the recorded case4: final_price has no price; the original takes final_price.price || original
        assertScan(product("100116")
                .productName("데일리 스트레이트 슬랙스")
                .brand("소소데일리")
                .thumbnail(thumbnail("소소데일리", "100116"))
                .originalPrice(21000L)
                .discountedPrice(21000L)
                .saleStatus(SaleStatus.ON_SALE)
                .rawStatus("ON_SALE")
                .strategy(ITEMS_AGREED)
                .build());
    }

    // --- status from GraphQL ---

    @Test
    void aNullCatalogProductIsAStoppedProductOffSaleWithoutAPageRead() throws ScanException {
        assertScan(product("100112")
                .saleStatus(SaleStatus.OFF_SALE)
                .rawStatus("CATALOG_PRODUCT_NULL")
                .strategy("graphql;catalog_product=null")
                .build());
        assertEquals(0, mirror.requestCount(PAGE_PATH + "100112"));
    }

    @Test
    void anUnmappedStatusIsAParseFailureNamingTheSettingWithTheAnswer() {
        ScanException failure = assertThrows(
                ScanException.class,
                () -> scan(Map.of("ZIGZAG_STATUS_MAP", "SOLD_OUT:sold_out,SUSPENDED:off_sale"), url("100101")));

        assertEquals(FailureKind.PARSE, failure.kind());
        assertTrue(
                failure.getMessage().contains("ON_SALE") && failure.getMessage().contains("ZIGZAG_STATUS_MAP"),
                failure.getMessage());
        assertAnswerIsEvidence(failure, "루즈핏 케이블 니트 가디건");
    }

    @Test
    void aMissingNameIsAParseFailureWithTheAnswer() {
        ScanException failure =
                assertThrows(ScanException.class, () -> scan(Map.of("ZIGZAG_FIELD_NAME", "/title"), url("100101")));

        assertEquals(FailureKind.PARSE, failure.kind());
        assertTrue(failure.getMessage().contains("/data/pdp_option_info/catalog_product/title"), failure.getMessage());
        assertAnswerIsEvidence(failure, "\"matched_item_list\"");
    }

    // --- failures of the GraphQL call ---

    @Test
    void aGraphqlErrorFailsTheScanWhateverItSaysAndKeepsTheAnswer() {
        ScanException failure = assertScanFails("100121", FailureKind.UPSTREAM);

        assertTrue(failure.getMessage().contains("상품을 찾을 수 없습니다."), failure.getMessage());
        assertAnswerIsEvidence(failure, "\"errors\"");
        assertEquals(0, mirror.requestCount(PAGE_PATH + "100121"));
    }

    @Test
    void aGraphqlErrorBesideAProductFailsTheScanToo() {
        ScanException failure = assertScanFails("100124", FailureKind.UPSTREAM);

        assertTrue(failure.getMessage().contains("matched_item_list"), failure.getMessage());
    }

    @Test
    void anAnswerWithoutOptionInfoIsAParseFailureWithTheAnswer() {
        ScanException failure = assertScanFails("100127", FailureKind.PARSE);

        assertTrue(failure.getMessage().contains("/data/pdp_option_info"), failure.getMessage());
        assertAnswerIsEvidence(failure, "\"pdp_option_info\"");
    }

    @Test
    void aNotFoundStatusFromTheGraphqlEndpointIsAFailureNotAVanishedProduct() {
        ScanException failure = assertScanFails("100122", FailureKind.UPSTREAM);

        assertTrue(failure.getMessage().contains("404"), failure.getMessage());
    }

    @Test
    void aTruncatedAnswerIsARetryableParseFailureWithTheAnswerAndNoPageRead() {
        ScanException failure = assertScanFails("100110", FailureKind.PARSE);

        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("https://api.zigzag.kr/api/2/graphql/"), failure.getMessage());
        assertAnswerIsEvidence(failure, "트위드 크롭 자켓");
        assertEquals(0, mirror.requestCount(PAGE_PATH + "100110"));
    }

    @Test
    void aRefusalFollowedByAnAnswerAfterBackoffIsRead() throws ScanException {
        assertScan(product("100109")
                .productName("퍼 후드 숏 패딩")
                .brand("어텀노트")
                .thumbnail(thumbnail("어텀노트", "100109"))
                .originalPrice(89000L)
                .discountedPrice(69000L)
                .saleStatus(SaleStatus.ON_SALE)
                .rawStatus("ON_SALE")
                .strategy(AGREED)
                .build());
        assertEquals(2, mirror.requestCount(GRAPHQL_PATH), "a 403, then the answer");
    }

    @Test
    void twoRefusalsInARowAreStillWithinTheRetries() throws ScanException {
        assertScan(product("100123")
                .productName("하찌 골지 니트 조끼")
                .brand("어텀노트")
                .thumbnail(thumbnail("어텀노트", "100123"))
                .originalPrice(27000L)
                .discountedPrice(21600L)
                .saleStatus(SaleStatus.ON_SALE)
                .rawStatus("ON_SALE")
                .strategy(AGREED)
                .build());
        assertEquals(3, mirror.requestCount(GRAPHQL_PATH), "two 403s, then the answer");
    }

    @Test
    void aRefusalThatOutlastsTheRetriesIsBlocked() {
        ScanException failure = assertScanFails("100113", FailureKind.BLOCKED);

        assertTrue(failure.retryable());
        assertEquals(3, mirror.requestCount(GRAPHQL_PATH), "three attempts before giving up");
    }

    // --- the page cross-check ---

    @Test
    void theCrossCheckCanBeTurnedOff() throws ScanException {
        ProductSnapshot snapshot = scan(Map.of("ZIGZAG_CROSS_CHECK", "false"), url("100106"));

        assertEquals(SaleStatus.ON_SALE, snapshot.saleStatus());
        assertEquals("graphql", snapshot.strategy());
        assertEquals(0, mirror.requestCount(PAGE_PATH + "100106"));
    }

    // --- configuration and URLs ---

    @Test
    void theFirstPurchaseWordsCanBeOverridden() throws ScanException {
        ProductSnapshot snapshot = scan(Map.of("ZIGZAG_FIRST_PURCHASE_BADGE_WORDS", "신규회원"), url("100102"));

        assertEquals(15900L, snapshot.discountedPrice());
    }

    @Test
    void aMalformedSettingNamesIt() {
        IllegalArgumentException failure = assertThrows(
                IllegalArgumentException.class, () -> scan(Map.of("ZIGZAG_CROSS_CHECK", "yes"), url("100101")));

        assertTrue(failure.getMessage().contains("ZIGZAG_CROSS_CHECK"), failure.getMessage());
    }

    @Test
    void anInvalidUrlFailsWithoutARequest() {
        ScanException failure = SnapshotAssertions.assertScanFails(
                FailureKind.INVALID_URL, () -> scan(Map.of(), "https://zigzag.kr/shops/modimood"));

        assertTrue(failure.getMessage().contains("/catalog/products/{number}"), failure.getMessage());
        assertEquals(Map.of(), mirror.requestCounts());
    }

    /** Product {@code id} as its recorded GraphQL answer and page show it; the scan time is never compared. */
    private static ProductSnapshot.Builder product(String id) {
        return ProductSnapshot.builder("zigzag", id).url(url(id)).scannedAt(Instant.EPOCH);
    }

    /** The recorded thumbnail of product {@code id} of shop {@code brand}. */
    private static String thumbnail(String brand, String id) {
        return "https://cf.product-image.s.zigzag.kr/original/d/2025/3/10/" + SHOP_IDS.get(brand) + "_" + id
                + "_main_1.jpeg?width=720&height=720&quality=80&format=jpeg";
    }

    private static String url(String id) {
        return "https://zigzag.kr/catalog/products/" + id;
    }

    /** The answer is attached as {@code answer.json}, with the text given in it. */
    private static void assertAnswerIsEvidence(ScanException failure, String expectedText) {
        SnapshotAssertions.assertAnswerIsEvidence(failure, "https://" + GRAPHQL_PATH, expectedText);
    }

    private static void assertScan(ProductSnapshot expected) throws ScanException {
        SnapshotAssertions.assertScan(expected, () -> scan(Map.of(), expected.url()));
    }

    private static ScanException assertScanFails(String id, FailureKind kind) {
        return SnapshotAssertions.assertScanFails(kind, () -> scan(Map.of(), url(id)));
    }

    private static ProductSnapshot scan(Map<String, String> overrides, String url) throws ScanException {
        try (ProductScanner scanner = new ZigzagPlugin().createScanner(mirror.quickApiContext("ZIGZAG", overrides))) {
            return scanner.scan(URI.create(url));
        }
    }
}
