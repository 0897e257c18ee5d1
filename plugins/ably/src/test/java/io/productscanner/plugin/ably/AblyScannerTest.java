package io.productscanner.plugin.ably;

import io.productscanner.plugin.testkit.FixtureMirror;
import io.productscanner.plugin.testkit.SnapshotAssertions;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import io.productscanner.spi.ScanEvidence;
import io.productscanner.spi.ScanException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scans the ably pages and goods answers in fixtures/mirror/m.a-bly.com and api.a-bly.com with Chromium, one
 * decision step of the original service (AblyApiCaptureStrategy, src/extractors/ably, AblyPlatformScanner) per test.
 */
class AblyScannerTest {
    private static final String PAGE = "https://m.a-bly.com/goods/";
    private static final String API = "api.a-bly.com/api/v3/goods/";
    private static final String CDN = "https://d3ha2047wt6x28.cloudfront.net/goods/";

    @RegisterExtension
    static final FixtureMirror mirror = new FixtureMirror();

    private static ProductScanner scanner;

    /**
     * One browser for the class: the mirror starts before and stops after these. The goods answer is waited for
     * 2.5 s instead of 5 s, so the page that never asks for one (48210007) costs less.
     */
    @BeforeAll
    static void startScanner() {
        scanner = new AblyPlugin().createScanner(mirror.context(Map.of("ABLY_API_WAIT_MS", "2500")));
    }

    @AfterAll
    static void stopScanner() {
        scanner.close();
    }

    @Test
    void theGoodsAnswerThePageFetchedIsCapturedNotRequestedAgain() throws ScanException {
        assertScan("https://a-bly.com/goods/48210001", snapshot("48210001", "러블리 꽈배기 니트 가디건", "러블리마켓",
                CDN + "48210001/cover-1.jpg", 39000L, 29900L, SaleStatus.ON_SALE, "ON_SALE", "xhr"));
        assertEquals(1, mirror.requestCount("m.a-bly.com/goods/48210001"));
        assertEquals(1, mirror.requestCount(API + "48210001/basic/"));
    }

    @Test
    void soldOutFromTheGoodsAnswer() throws ScanException {
        assertScan(PAGE + "48210002", snapshot("48210002", "데일리 와이드 데님 팬츠", "데님하우스",
                CDN + "48210002/cover-1.jpg", 32000L, 32000L, SaleStatus.SOLD_OUT, "SOLD_OUT", "xhr"));
    }

    @Test
    void anyOtherSaleTypeIsOffSale() throws ScanException {
        assertScan(PAGE + "48210003", snapshot("48210003", "시즌오프 트위드 자켓", "모던걸",
                CDN + "48210003/cover-1.jpg", 89000L, 62300L, SaleStatus.OFF_SALE, "STOP_SALE", "xhr"));
    }

    /** The issue: "goods without sale_type throw a NullPointerException"; the page's text decides instead. */
    @Test
    void aNamedAnswerWithoutSaleTypeTakesItsStatusFromThePage() throws ScanException {
        assertScan(PAGE + "48210009", snapshot("48210009", "베이직 라운드 반팔 티셔츠", null,
                CDN + "48210009/cover-1.jpg", 25000L, 25000L, SaleStatus.ON_SALE, "text:on_sale",
                "xhr;status=body_text"));
    }

    @Test
    void aFailedGoodsAnswerFallsBackToNextData() throws ScanException {
        assertScan(PAGE + "48210004", snapshot("48210004", "스트라이프 셔츠 원피스", "블루밍",
                CDN + "48210004/cover-1.jpg", 45000L, 36000L, SaleStatus.ON_SALE, "ON_SALE", "next_data"));
    }

    /**
     * The issue: "an XHR answer without a name throws instead of falling through". The named goods of
     * __NEXT_DATA__ has no sale_type; the status comes from the first goods among the queries that has one.
     */
    @Test
    void aNamelessAnswerFallsThroughToNextDataWhoseStatusIsTheFirstSaleTypeAmongItsQueries() throws ScanException {
        assertScan(PAGE + "48210010", snapshot("48210010", "캐시미어 블렌드 롱 코트", "코지룸",
                CDN + "48210010/cover-1.jpg", 52000L, 41600L, SaleStatus.SOLD_OUT, "SOLD_OUT", "next_data"));
    }

    /** The issue: NullPointerException for goods without sale_type, and 재입고 not handled. */
    @Test
    void nextDataGoodsWithoutSaleTypeTakeTheirStatusFromThePageWhereRestockIsSoldOut() throws ScanException {
        assertScan(PAGE + "48210011", snapshot("48210011", "와플 니트 베스트", "니트공방",
                CDN + "48210011/cover-1.jpg", 19800L, 19800L, SaleStatus.SOLD_OUT, "text:sold_out",
                "next_data;status=body_text"));
    }

    /** The issue: "an XHR answer without a name throws instead of falling through" (here to the og: meta). */
    @Test
    void withoutNamedGoodsTheOgMetaNamesItAndTheTextDecides() throws ScanException {
        assertScan(PAGE + "48210005", snapshot("48210005", "코튼 오버핏 맨투맨", null, CDN + "48210005/cover-1.jpg",
                null, null, SaleStatus.ON_SALE, "text:on_sale", "og_meta;status=body_text"));
    }

    @Test
    void theNotOnSaleTextIsOffSale() throws ScanException {
        assertScan(PAGE + "48210006", snapshot("48210006", "린넨 셔츠 블라우스", null, CDN + "48210006/cover-1.jpg",
                null, null, SaleStatus.OFF_SALE, "text:off_sale", "og_meta;status=body_text"));
    }

    /**
     * A sold-out page as the original met them: the page never asks for its goods answer (captured in vain for
     * API_WAIT_MS); the title's "- 에이블리 스토어" tail is stripped as the original's pattern does.
     */
    @Test
    void withoutAnyGoodsAnswerTheSoldOutTextIsSoldOut() throws ScanException {
        assertScan(PAGE + "48210007", snapshot("48210007", "플리츠 롱 스커트", null, CDN + "48210007/cover-1.jpg",
                null, null, SaleStatus.SOLD_OUT, "text:sold_out", "og_meta;status=body_text"));
        assertEquals(0, mirror.requestCount(API + "48210007/basic/"));
    }

    /** The issue: "재입고 is not handled". */
    @Test
    void theRestockTextIsSoldOut() throws ScanException {
        assertScan(PAGE + "48210012", snapshot("48210012", "오버핏 후드 집업", null, CDN + "48210012/cover-1.jpg",
                null, null, SaleStatus.SOLD_OUT, "text:sold_out", "og_meta;status=body_text"));
    }

    /** What the original's ABLY_ANALYSIS.md saw of a stopped product: an alert saying so (here without a redirect). */
    @Test
    void theNotOnSaleAlertIsOffSale() throws ScanException {
        assertScan(PAGE + "48210015", snapshot("48210015", "레이스 카라 원피스", null, CDN + "48210015/cover-1.jpg",
                null, null, SaleStatus.OFF_SALE, "dialog:off_sale", "og_meta;status=dialog"));
    }

    @Test
    void anHttpRedirectToTodayIsOffSale() throws ScanException {
        assertScan(PAGE + "48210008", redirected("48210008", SaleStatus.OFF_SALE, "redirect:/today"));
        assertEquals(1, mirror.requestCount("m.a-bly.com/today"));
    }

    /** The issue: "a later script redirect is read as an on-sale product". */
    @Test
    void aScriptRedirectToTodayAfterLoadIsOffSale() throws ScanException {
        assertScan(PAGE + "48210013", redirected("48210013", SaleStatus.OFF_SALE, "redirect:/today"));
        assertEquals(1, mirror.requestCount("m.a-bly.com/today"));
    }

    /** The original's ABLY_ANALYSIS.md stopped product: goods answer, alert "판매 중인 상품이 아닙니다", then away. */
    @Test
    void theAlertThenRedirectOfAStoppedProductIsOffSale() throws ScanException {
        assertScan(PAGE + "48210014", redirected("48210014", SaleStatus.OFF_SALE, "redirect:/today"));
    }

    /**
     * A stopped product's page leaves for /today after the scan has its answer: that navigation, still in flight,
     * must not land in the next product's scan (it did on a reused page: the next product read as /today).
     */
    @Test
    void aPageLeavingAfterItsScanDoesNotLandInTheNextProductsScan() throws ScanException {
        for (int round = 0; round < 3; round++) {
            assertScan(PAGE + "48210014", redirected("48210014", SaleStatus.OFF_SALE, "redirect:/today"));
            assertScan(PAGE + "48210009", snapshot("48210009", "베이직 라운드 반팔 티셔츠", null,
                    CDN + "48210009/cover-1.jpg", 25000L, 25000L, SaleStatus.ON_SALE, "text:on_sale",
                    "xhr;status=body_text"));
        }
    }

    /** A script that leaves while the document is still parsed interrupts the navigation itself. */
    @Test
    void aScriptRedirectBeforeDomContentLoadedIsOffSale() throws ScanException {
        assertScan(PAGE + "48210020", redirected("48210020", SaleStatus.OFF_SALE, "redirect:/today"));
    }

    @Test
    void clientSideRoutingToTodayIsOffSale() throws ScanException {
        assertScan(PAGE + "48210018", redirected("48210018", SaleStatus.OFF_SALE, "redirect:/today"));
    }

    /** AblyPlatformScanner: leaving /goods/{id} for any other page is not found. */
    @Test
    void aRedirectAwayToAnyOtherPageIsNotFound() throws ScanException {
        assertScan(PAGE + "48210016", redirected("48210016", SaleStatus.NOT_FOUND, "redirect:/"));
    }

    /** Brief rule 1: a name found nowhere is a retryable parse failure, with the goods answer and the page. */
    @Test
    void aProductNamedNowhereIsAParseFailureCarryingTheAnswerAndThePage() {
        ScanException failure = SnapshotAssertions.assertScanFails(FailureKind.PARSE,
                () -> scanner.scan(URI.create(PAGE + "48210017")));
        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("og:title"), failure.getMessage());
        assertEvidence(failure, "\"sno\": 48210017", "잠시만 기다려 주세요");
    }

    @Test
    void aPageShowingNoTextIsAParseFailureNotAStatus() {
        ScanException failure = SnapshotAssertions.assertScanFails(FailureKind.PARSE,
                () -> scanner.scan(URI.create(PAGE + "48210019")));
        assertTrue(failure.getMessage().contains("no text"), failure.getMessage());
        assertEvidence(failure, "잠시 후 다시 시도해주세요", "골지 니트 원피스");
    }

    @Test
    void anInvalidUrlFailsWithoutARequest() {
        ScanException failure = SnapshotAssertions.assertScanFails(FailureKind.INVALID_URL,
                () -> scanner.scan(URI.create("https://m.a-bly.com/market/9001")));
        assertTrue(failure.getMessage().contains("/goods/{number}"), failure.getMessage());
        assertEquals(Map.of(), mirror.requestCounts());
    }

    @Test
    void urlForms() {
        AblyPlugin plugin = new AblyPlugin();
        assertTrue(plugin.matches(URI.create("https://a-bly.com/goods/48210001")));
        assertTrue(plugin.matches(URI.create("https://m.a-bly.com/goods/48210001/")));
        assertFalse(plugin.matches(URI.create("https://m.a-bly.com.evil.example/goods/1")));
        assertFalse(plugin.matches(URI.create("https://m.a-bly.com/goods/abc")));
        assertEquals(URI.create("https://m.a-bly.com/goods/42"), plugin.canonicalUrl("42"));
    }

    private static ProductSnapshot snapshot(String id, String name, String brand, String thumbnail, Long original,
                                            Long discounted, SaleStatus status, String raw, String strategy) {
        return new ProductSnapshot("ably", id, PAGE + id, name, brand, thumbnail, original, discounted, status, raw,
                strategy, Instant.EPOCH);
    }

    private static ProductSnapshot redirected(String id, SaleStatus status, String raw) {
        return snapshot(id, null, null, null, null, null, status, raw, "redirect");
    }

    private static void assertScan(String url, ProductSnapshot expected) throws ScanException {
        SnapshotAssertions.assertScan(expected, () -> scanner.scan(URI.create(url)));
    }

    /** The goods answer the page received (containing {@code answerText}), the page's HTML and a screenshot. */
    private static void assertEvidence(ScanException failure, String answerText, String pageText) {
        List<ScanEvidence> evidence = failure.evidence();
        assertEquals(List.of("answer.json", "page.html", "screenshot.png"),
                evidence.stream().map(ScanEvidence::name).toList());
        String answer = new String(evidence.get(0).content(), StandardCharsets.UTF_8);
        assertTrue(answer.contains(answerText), answer);
        assertTrue(evidence.get(0).source().contains("/api/v3/goods/"), evidence.get(0).source());
        String html = new String(evidence.get(1).content(), StandardCharsets.UTF_8);
        assertTrue(html.contains(pageText), html);
        assertTrue(evidence.get(2).content().length > 0, "an empty screenshot");
    }
}
