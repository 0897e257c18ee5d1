package io.productscanner.plugin.zigzag;

import io.productscanner.plugin.testkit.FixtureMirror;
import io.productscanner.plugin.testkit.SnapshotAssertions;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import io.productscanner.spi.ScanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scans the recorded zigzag answers in fixtures/mirror/api.zigzag.kr (GraphQL) and fixtures/mirror/zigzag.kr (product
 * pages) through a site mirror.
 */
class ZigzagScannerTest {
    private static final String GRAPHQL_PATH = "api.zigzag.kr/api/2/graphql/GetCatalogProductDetailPageOption";
    private static final String PAGE_PATH = "zigzag.kr/catalog/products/";

    @RegisterExtension
    static final FixtureMirror mirror = new FixtureMirror();

    @Test
    void aNormalDiscountTakesTheDiscountPriceAndThePageAgrees() throws ScanException {
        assertScan("https://zigzag.kr/catalog/products/100101", snapshot("100101", "루즈핏 케이블 니트 가디건", "모디무드",
                39800L, 29800L, SaleStatus.ON_SALE, "ON_SALE", "graphql;cross_check=agreed"));
        assertEquals(1, mirror.requestCount(GRAPHQL_PATH));
        assertEquals(1, mirror.requestCount(PAGE_PATH + "100101"));
    }

    @Test
    void aFirstPurchaseBadgeTakesTheFinalPrice() throws ScanException {
        assertScan("https://zigzag.kr/catalog/products/100102", snapshot("100102", "하이웨스트 부츠컷 데님 팬츠", "베니토",
                32000L, 19900L, SaleStatus.ON_SALE, "ON_SALE", "graphql;cross_check=agreed"));
    }

    @Test
    void aFirstPurchaseBadgeWrittenWithASpaceCountsToo() throws ScanException {
        assertScan("https://zigzag.kr/catalog/products/100103", snapshot("100103", "울 블렌드 핸드메이드 코트", "어텀노트",
                129000L, 99000L, SaleStatus.ON_SALE, "ON_SALE", "graphql;cross_check=agreed"));
    }

    @Test
    void soldOut() throws ScanException {
        assertScan("https://zigzag.kr/catalog/products/100104", snapshot("100104", "골지 반목 폴라 티셔츠", "모디무드",
                19800L, 15800L, SaleStatus.SOLD_OUT, "SOLD_OUT", "graphql;cross_check=agreed"));
    }

    @Test
    void suspendedIsOffSale() throws ScanException {
        assertScan("https://zigzag.kr/catalog/products/100105", snapshot("100105", "코듀로이 와이드 팬츠", "베니토",
                36000L, 28800L, SaleStatus.OFF_SALE, "SUSPENDED", "graphql;cross_check=agreed"));
    }

    @Test
    void thePageWinsWhenItSaysTheProductCannotBeBought() throws ScanException {
        assertScan("https://zigzag.kr/catalog/products/100106", snapshot("100106", "체크 울 머플러", "어텀노트",
                25000L, 19900L, SaleStatus.OFF_SALE, "SUSPENDED", "graphql;cross_check=page_wins"));
    }

    @Test
    void thePageWinsWhenItSaysASoldOutProductCanBeBoughtAgain() throws ScanException {
        assertScan("https://zigzag.kr/catalog/products/100114", snapshot("100114", "스트링 와이드 조거 팬츠", "베니토",
                29000L, 23200L, SaleStatus.ON_SALE, "RESTOCKED", "graphql;cross_check=page_wins"));
    }

    @Test
    void aPageThatIsNotThereLeavesTheGraphqlAnswerAndSaysSo() throws ScanException {
        assertScan("https://zigzag.kr/catalog/products/100107", snapshot("100107", "캐시미어 라운드 니트", "모디무드",
                59000L, 47200L, SaleStatus.ON_SALE, "ON_SALE", "graphql;cross_check=skipped"));
    }

    @Test
    void aPageWithoutNextDataLeavesTheGraphqlAnswerAndSaysSo() throws ScanException {
        assertScan("https://zigzag.kr/catalog/products/100108", snapshot("100108", "레더 미니 크로스백", "베니토",
                45000L, 39900L, SaleStatus.ON_SALE, "ON_SALE", "graphql;cross_check=skipped"));
    }

    @Test
    void aRefusalFollowedByAnAnswerAfterBackoffIsRead() throws ScanException {
        assertScan("https://zigzag.kr/catalog/products/100109", snapshot("100109", "퍼 후드 숏 패딩", "어텀노트",
                89000L, 69000L, SaleStatus.ON_SALE, "ON_SALE", "graphql;cross_check=agreed"));
        assertEquals(2, mirror.requestCount(GRAPHQL_PATH), "a 403, then the answer");
    }

    @Test
    void missingOptionalFieldsAreNull() throws ScanException {
        assertScan("https://zigzag.kr/catalog/products/100111", new ProductSnapshot("zigzag", "100111",
                "https://zigzag.kr/catalog/products/100111", "기본 코튼 반팔 티셔츠", null, null, 12900L, 9900L,
                SaleStatus.ON_SALE, "ON_SALE", "graphql;cross_check=agreed", Instant.EPOCH));
    }

    @Test
    void aDeletedProductIsNotFoundWithoutAPageRead() throws ScanException {
        assertScan("https://zigzag.kr/catalog/products/100112", ProductSnapshot.notFound("zigzag", "100112",
                "https://zigzag.kr/catalog/products/100112", "NOT_FOUND", "graphql", Instant.EPOCH));
        assertEquals(0, mirror.requestCount(PAGE_PATH + "100112"));
    }

    @Test
    void aTruncatedAnswerIsAParseFailureWithoutAPageRead() {
        ScanException failure = assertScanFails("https://zigzag.kr/catalog/products/100110", FailureKind.PARSE);

        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().contains("https://api.zigzag.kr/api/2/graphql/"), failure.getMessage());
        assertEquals(0, mirror.requestCount(PAGE_PATH + "100110"));
    }

    @Test
    void aRefusalThatOutlastsTheRetriesIsBlocked() {
        ScanException failure = assertScanFails("https://zigzag.kr/catalog/products/100113", FailureKind.BLOCKED);

        assertTrue(failure.retryable());
        assertEquals(3, mirror.requestCount(GRAPHQL_PATH), "three attempts before giving up");
    }

    @Test
    void theCrossCheckCanBeTurnedOff() throws ScanException {
        ProductSnapshot snapshot = scan(Map.of("ZIGZAG_CROSS_CHECK", "false"),
                "https://zigzag.kr/catalog/products/100106");

        assertEquals(SaleStatus.ON_SALE, snapshot.saleStatus());
        assertEquals("graphql", snapshot.strategy());
        assertEquals(0, mirror.requestCount(PAGE_PATH + "100106"));
    }

    @Test
    void theFirstPurchaseWordsCanBeOverridden() throws ScanException {
        ProductSnapshot snapshot = scan(Map.of("ZIGZAG_FIRST_PURCHASE_BADGE_WORDS", "신규회원"),
                "https://zigzag.kr/catalog/products/100102");

        assertEquals(15900L, snapshot.discountedPrice());
    }

    @Test
    void aMalformedSettingNamesIt() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> scan(Map.of("ZIGZAG_CROSS_CHECK", "yes"), "https://zigzag.kr/catalog/products/100101"));

        assertTrue(failure.getMessage().contains("ZIGZAG_CROSS_CHECK"), failure.getMessage());
    }

    @Test
    void anInvalidUrlFailsWithoutARequest() {
        ScanException failure = assertScanFails("https://zigzag.kr/shops/modimood", FailureKind.INVALID_URL);

        assertTrue(failure.getMessage().contains("/catalog/products/{number}"), failure.getMessage());
        assertEquals(Map.of(), mirror.requestCounts());
    }

    private static ProductSnapshot snapshot(String id, String name, String brand, Long original, Long sale,
                                            SaleStatus status, String rawStatus, String strategy) {
        return new ProductSnapshot("zigzag", id, "https://zigzag.kr/catalog/products/" + id, name, brand,
                "https://cf.product-image.s.zigzag.kr/original/d/2025/3/10/" + id + "_main.jpeg?width=400",
                original, sale, status, rawStatus, strategy, Instant.EPOCH);
    }

    private static void assertScan(String url, ProductSnapshot expected) throws ScanException {
        SnapshotAssertions.assertScan(expected, () -> scan(Map.of(), url));
    }

    private static ScanException assertScanFails(String url, FailureKind kind) {
        return SnapshotAssertions.assertScanFails(kind, () -> scan(Map.of(), url));
    }

    private static ProductSnapshot scan(Map<String, String> overrides, String url) throws ScanException {
        try (ProductScanner scanner = new ZigzagPlugin().createScanner(mirror.quickApiContext("ZIGZAG", overrides))) {
            return scanner.scan(URI.create(url));
        }
    }
}
