package io.productscanner.plugin.zigzag;

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

/**
 * Scans the zigzag fixtures (fixtures/mirror/api.zigzag.kr: GraphQL answers in the shape of the original service's
 * recordings docs/zigzag_case1..4.json; fixtures/mirror/zigzag.kr: product pages) through a site mirror, one test
 * per decision step. The GraphQL routes answer only a request whose variables carry the {@code input} the original
 * sends.
 */
class ZigzagScannerTest {
    private static final String GRAPHQL_PATH = "api.zigzag.kr/api/2/graphql/GetCatalogProductDetailPageOption";
    private static final String PAGE_PATH = "zigzag.kr/catalog/products/";
    private static final Map<String, Integer> SHOP_IDS = Map.of("모디무드", 1101, "베니토", 1102, "어텀노트", 1103,
            "소소데일리", 1104);
    private static final String AGREED = "graphql;cross_check=agreed";
    private static final String ITEMS_AGREED = "graphql;status=items;cross_check=agreed";

    @RegisterExtension
    static final FixtureMirror mirror = new FixtureMirror();

    // --- prices ---

    @Test
    void aCouponDiscountTakesTheDiscountPriceAndThePageAgrees() throws ScanException {
        assertScan(snapshot("100101", "루즈핏 케이블 니트 가디건", "모디무드", 39800L, 29800L, SaleStatus.ON_SALE, "ON_SALE",
                AGREED));
        assertEquals(1, mirror.requestCount(GRAPHQL_PATH));
        assertEquals(1, mirror.requestCount(PAGE_PATH + "100101"));
    }

    @Test
    void aFirstPurchaseBadgeTakesTheFinalPriceUnderProductPrice() throws ScanException {
        assertScan(snapshot("100102", "하이웨스트 부츠컷 데님 팬츠", "베니토", 32000L, 19900L, SaleStatus.ON_SALE, "ON_SALE",
                AGREED));
    }

    @Test
    void aFirstPurchaseBadgeWrittenWithASpaceCountsToo() throws ScanException {
        assertScan(snapshot("100103", "울 블렌드 핸드메이드 코트", "어텀노트", 129000L, 99000L, SaleStatus.ON_SALE, "ON_SALE",
                AGREED));
    }

    @Test
    void aFirstPurchaseBadgeWithoutAFinalPriceFallsBackToTheOriginalPrice() throws ScanException {
        // as in the recorded case4: final_price has no price; the original takes final_price.price || original
        assertScan(snapshot("100116", "데일리 스트레이트 슬랙스", "소소데일리", 21000L, 21000L, SaleStatus.ON_SALE, "ON_SALE",
                ITEMS_AGREED));
    }

    @Test
    void aZigzagPickBadgeIsNotAFirstPurchaseCouponTheDiscountPriceStands() throws ScanException {
        assertScan(snapshot("100115", "[직잭픽] 소프트 앙고라 브이넥 니트", "소소데일리", 48000L, 31200L, SaleStatus.ON_SALE,
                "ON_SALE", ITEMS_AGREED));
    }

    @Test
    void withoutAnOriginalPriceTheSalePriceIsBoth() throws ScanException {
        assertScan(snapshot("100125", "코튼 오버핏 셔츠", "모디무드", 25900L, 25900L, SaleStatus.ON_SALE, "ON_SALE", AGREED));
    }

    @Test
    void withoutADiscountPriceTheOriginalPriceIsBoth() throws ScanException {
        assertScan(snapshot("100126", "캔버스 숄더 에코백", "베니토", 18000L, 18000L, SaleStatus.ON_SALE, "ON_SALE", AGREED));
    }

    @Test
    void missingOptionalFieldsAreNull() throws ScanException {
        assertScan(new ProductSnapshot("zigzag", "100111", "https://zigzag.kr/catalog/products/100111",
                "기본 코튼 반팔 티셔츠", null, null, 12900L, 9900L, SaleStatus.ON_SALE, "ON_SALE", AGREED, Instant.EPOCH));
    }

    // --- status from GraphQL ---

    @Test
    void soldOut() throws ScanException {
        assertScan(snapshot("100104", "골지 반목 폴라 티셔츠", "모디무드", 19800L, 15800L, SaleStatus.SOLD_OUT, "SOLD_OUT",
                AGREED));
    }

    @Test
    void theProductsSuspensionWinsOverOptionsOnSale() throws ScanException {
        assertScan(snapshot("100105", "코듀로이 와이드 팬츠", "베니토", 36000L, 28800L, SaleStatus.OFF_SALE, "SUSPENDED",
                AGREED));
    }

    @Test
    void withoutAProductStatusOneOptionOnSaleMeansOnSale() throws ScanException {
        assertScan(snapshot("100119", "소프트 터치 라운드 가디건", "모디무드", 42000L, 31500L, SaleStatus.ON_SALE, "ON_SALE",
                ITEMS_AGREED));
    }

    @Test
    void withoutAProductStatusEveryOptionSoldOutMeansSoldOut() throws ScanException {
        assertScan(snapshot("100117", "와플 조직 헨리넥 티셔츠", "모디무드", 22000L, 19800L, SaleStatus.SOLD_OUT, "SOLD_OUT",
                ITEMS_AGREED));
    }

    @Test
    void withoutAProductStatusOtherwiseTheFirstOptionsStatusDecides() throws ScanException {
        assertScan(snapshot("100120", "빈티지 워싱 데님 자켓", "베니토", 68000L, 54400L, SaleStatus.OFF_SALE, "SUSPENDED",
                ITEMS_AGREED));
    }

    @Test
    void withoutAProductStatusOrOptionsTheProductIsSuspended() throws ScanException {
        assertScan(snapshot("100118", "리본 포인트 헤어핀 세트", "소소데일리", 9800L, 7800L, SaleStatus.OFF_SALE, "SUSPENDED",
                ITEMS_AGREED));
    }

    @Test
    void aNullCatalogProductIsAStoppedProductOffSaleWithoutAPageRead() throws ScanException {
        assertScan(new ProductSnapshot("zigzag", "100112", "https://zigzag.kr/catalog/products/100112", null, null,
                null, null, null, SaleStatus.OFF_SALE, "CATALOG_PRODUCT_NULL", "graphql;catalog_product=null",
                Instant.EPOCH));
        assertEquals(0, mirror.requestCount(PAGE_PATH + "100112"));
    }

    @Test
    void anUnmappedStatusIsAParseFailureNamingTheSettingWithTheAnswer() {
        ScanException failure = assertThrows(ScanException.class, () -> scan(
                Map.of("ZIGZAG_STATUS_MAP", "SOLD_OUT:sold_out,SUSPENDED:off_sale"), url("100101")));

        assertEquals(FailureKind.PARSE, failure.kind());
        assertTrue(failure.getMessage().contains("ON_SALE") && failure.getMessage().contains("ZIGZAG_STATUS_MAP"),
                failure.getMessage());
        assertAnswerIsEvidence(failure, "루즈핏 케이블 니트 가디건");
    }

    @Test
    void aMissingNameIsAParseFailureWithTheAnswer() {
        ScanException failure = assertThrows(ScanException.class,
                () -> scan(Map.of("ZIGZAG_FIELD_NAME", "/title"), url("100101")));

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
        assertScan(snapshot("100109", "퍼 후드 숏 패딩", "어텀노트", 89000L, 69000L, SaleStatus.ON_SALE, "ON_SALE", AGREED));
        assertEquals(2, mirror.requestCount(GRAPHQL_PATH), "a 403, then the answer");
    }

    @Test
    void twoRefusalsInARowAreStillWithinTheRetries() throws ScanException {
        assertScan(snapshot("100123", "하찌 골지 니트 조끼", "어텀노트", 27000L, 21600L, SaleStatus.ON_SALE, "ON_SALE", AGREED));
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
    void thePageWinsWhenItShowsTheProductSuspended() throws ScanException {
        assertScan(snapshot("100106", "체크 울 머플러", "어텀노트", 25000L, 19900L, SaleStatus.OFF_SALE, "SUSPENDED",
                "graphql;cross_check=page_wins"));
    }

    @Test
    void thePageWinsWhenItShowsASoldOutProductOnSale() throws ScanException {
        assertScan(snapshot("100114", "스트링 와이드 조거 팬츠", "베니토", 29000L, 23200L, SaleStatus.ON_SALE, "ON_SALE",
                "graphql;cross_check=page_wins"));
    }

    @Test
    void aPageShowingOnSaleWithADisabledBuyButtonIsOffSale() throws ScanException {
        assertScan(snapshot("100129", "니트 버킷햇", "소소데일리", 23000L, 18400L, SaleStatus.OFF_SALE, "NOT_PURCHASABLE",
                "graphql;cross_check=page_wins"));
    }

    @Test
    void aPageWithoutASalesStatusLetsIsPurchasableDecide() throws ScanException {
        assertScan(snapshot("100130", "스웨이드 로퍼", "베니토", 59000L, 47200L, SaleStatus.ON_SALE, "PURCHASABLE",
                "graphql;cross_check=page_wins"));
    }

    @Test
    void aPageThatIsNotThereLeavesTheGraphqlAnswerAndSaysSo() throws ScanException {
        assertScan(snapshot("100107", "캐시미어 라운드 니트", "모디무드", 59000L, 47200L, SaleStatus.ON_SALE, "ON_SALE",
                "graphql;cross_check=skipped"));
    }

    @Test
    void aPageWithoutNextDataLeavesTheGraphqlAnswerAndSaysSo() throws ScanException {
        assertScan(snapshot("100108", "레더 미니 크로스백", "베니토", 45000L, 39900L, SaleStatus.ON_SALE, "ON_SALE",
                "graphql;cross_check=skipped"));
    }

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
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> scan(Map.of("ZIGZAG_CROSS_CHECK", "yes"), url("100101")));

        assertTrue(failure.getMessage().contains("ZIGZAG_CROSS_CHECK"), failure.getMessage());
    }

    @Test
    void anInvalidUrlFailsWithoutARequest() {
        ScanException failure = SnapshotAssertions.assertScanFails(FailureKind.INVALID_URL,
                () -> scan(Map.of(), "https://zigzag.kr/shops/modimood"));

        assertTrue(failure.getMessage().contains("/catalog/products/{number}"), failure.getMessage());
        assertEquals(Map.of(), mirror.requestCounts());
    }

    private static String url(String id) {
        return "https://zigzag.kr/catalog/products/" + id;
    }

    private static ProductSnapshot snapshot(String id, String name, String brand, Long original, Long sale,
                                            SaleStatus status, String rawStatus, String strategy) {
        return new ProductSnapshot("zigzag", id, url(id), name, brand,
                "https://cf.product-image.s.zigzag.kr/original/d/2025/3/10/" + SHOP_IDS.get(brand) + "_" + id
                        + "_main_1.jpeg?width=720&height=720&quality=80&format=jpeg",
                original, sale, status, rawStatus, strategy, Instant.EPOCH);
    }

    /** The GraphQL answer is attached as {@code answer.json}, with the text given in it. */
    private static void assertAnswerIsEvidence(ScanException failure, String expectedText) {
        assertEquals(1, failure.evidence().size(), failure.evidence().toString());
        ScanEvidence answer = failure.evidence().getFirst();
        assertEquals("answer.json", answer.name());
        assertEquals("https://api.zigzag.kr/api/2/graphql/GetCatalogProductDetailPageOption", answer.source());
        assertTrue(new String(answer.content(), StandardCharsets.UTF_8).contains(expectedText),
                "evidence lacks " + expectedText);
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
