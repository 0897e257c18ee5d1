package io.productscanner.plugin.ably;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.productscanner.plugin.testkit.FixtureMirror;
import io.productscanner.plugin.testkit.SnapshotAssertions;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import io.productscanner.spi.ScanEvidence;
import io.productscanner.spi.ScanException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

    @ParameterizedTest(name = "{argumentSetName}")
    @MethodSource("recordedProducts")
    void eachRecordedProductIsReadAsItsSnapshot(String url, ProductSnapshot expected) throws ScanException {
        assertScan(url, expected);
    }

    /** Recorded products, each with the snapshot its scan must give, field by field. */
    static Stream<Arguments> recordedProducts() {
        return Stream.of(
                argumentSet(
                        "sold out from the goods answer",
                        PAGE + "48210002",
                        product("48210002")
                                .productName("데일리 와이드 데님 팬츠")
                                .brand("데님하우스")
                                .thumbnail(CDN + "48210002/cover-1.jpg")
                                .originalPrice(32000L)
                                .discountedPrice(32000L)
                                .saleStatus(SaleStatus.SOLD_OUT)
                                .rawStatus("SOLD_OUT")
                                .strategy("xhr")
                                .build()),
                argumentSet(
                        "any other sale type is off sale",
                        PAGE + "48210003",
                        product("48210003")
                                .productName("시즌오프 트위드 자켓")
                                .brand("모던걸")
                                .thumbnail(CDN + "48210003/cover-1.jpg")
                                .originalPrice(89000L)
                                .discountedPrice(62300L)
                                .saleStatus(SaleStatus.OFF_SALE)
                                .rawStatus("STOP_SALE")
                                .strategy("xhr")
                                .build()),
                // The issue: "goods without sale_type throw a NullPointerException"; the page's text decides instead.
                argumentSet(
                        "a named answer without sale type takes its status from the page",
                        PAGE + "48210009",
                        product("48210009")
                                .productName("베이직 라운드 반팔 티셔츠")
                                .thumbnail(CDN + "48210009/cover-1.jpg")
                                .originalPrice(25000L)
                                .discountedPrice(25000L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("text:on_sale")
                                .strategy("xhr;status=body_text")
                                .build()),
                argumentSet(
                        "a failed goods answer falls back to next data",
                        PAGE + "48210004",
                        product("48210004")
                                .productName("스트라이프 셔츠 원피스")
                                .brand("블루밍")
                                .thumbnail(CDN + "48210004/cover-1.jpg")
                                .originalPrice(45000L)
                                .discountedPrice(36000L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("ON_SALE")
                                .strategy("next_data")
                                .build()),
                // The issue: "an XHR answer without a name throws instead of falling through". The named goods of
                // __NEXT_DATA__ has no sale_type; the status comes from the first goods among the queries that has one.
                argumentSet(
                        "a nameless answer falls through to next data whose status is the first sale type among "
                                + "its queries",
                        PAGE + "48210010",
                        product("48210010")
                                .productName("캐시미어 블렌드 롱 코트")
                                .brand("코지룸")
                                .thumbnail(CDN + "48210010/cover-1.jpg")
                                .originalPrice(52000L)
                                .discountedPrice(41600L)
                                .saleStatus(SaleStatus.SOLD_OUT)
                                .rawStatus("SOLD_OUT")
                                .strategy("next_data")
                                .build()),
                // The issue: NullPointerException for goods without sale_type, and 재입고 not handled.
                argumentSet(
                        "next data goods without sale type take their status from the page where restock is sold "
                                + "out",
                        PAGE + "48210011",
                        product("48210011")
                                .productName("와플 니트 베스트")
                                .brand("니트공방")
                                .thumbnail(CDN + "48210011/cover-1.jpg")
                                .originalPrice(19800L)
                                .discountedPrice(19800L)
                                .saleStatus(SaleStatus.SOLD_OUT)
                                .rawStatus("text:sold_out")
                                .strategy("next_data;status=body_text")
                                .build()),
                // The issue: "an XHR answer without a name throws instead of falling through" (here to the og: meta).
                argumentSet(
                        "without named goods the og meta names it and the text decides",
                        PAGE + "48210005",
                        product("48210005")
                                .productName("코튼 오버핏 맨투맨")
                                .thumbnail(CDN + "48210005/cover-1.jpg")
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("text:on_sale")
                                .strategy("og_meta;status=body_text")
                                .build()),
                argumentSet(
                        "the not on sale text is off sale",
                        PAGE + "48210006",
                        product("48210006")
                                .productName("린넨 셔츠 블라우스")
                                .thumbnail(CDN + "48210006/cover-1.jpg")
                                .saleStatus(SaleStatus.OFF_SALE)
                                .rawStatus("text:off_sale")
                                .strategy("og_meta;status=body_text")
                                .build()),
                // The issue: "재입고 is not handled".
                argumentSet(
                        "the restock text is sold out",
                        PAGE + "48210012",
                        product("48210012")
                                .productName("오버핏 후드 집업")
                                .thumbnail(CDN + "48210012/cover-1.jpg")
                                .saleStatus(SaleStatus.SOLD_OUT)
                                .rawStatus("text:sold_out")
                                .strategy("og_meta;status=body_text")
                                .build()),
                // What the original's ABLY_ANALYSIS.md saw of a stopped product: an alert saying so (here without a
                // redirect).
                argumentSet(
                        "the not on sale alert is off sale",
                        PAGE + "48210015",
                        product("48210015")
                                .productName("레이스 카라 원피스")
                                .thumbnail(CDN + "48210015/cover-1.jpg")
                                .saleStatus(SaleStatus.OFF_SALE)
                                .rawStatus("dialog:off_sale")
                                .strategy("og_meta;status=dialog")
                                .build()),
                // The original's ABLY_ANALYSIS.md stopped product: goods answer, alert "판매 중인 상품이 아닙니다", then away.
                argumentSet(
                        "the alert then redirect of a stopped product is off sale",
                        PAGE + "48210014",
                        product("48210014")
                                .saleStatus(SaleStatus.OFF_SALE)
                                .rawStatus("redirect:/today")
                                .strategy("redirect")
                                .build()),
                // A script that leaves while the document is still parsed interrupts the navigation itself.
                argumentSet(
                        "a script redirect before dom content loaded is off sale",
                        PAGE + "48210020",
                        product("48210020")
                                .saleStatus(SaleStatus.OFF_SALE)
                                .rawStatus("redirect:/today")
                                .strategy("redirect")
                                .build()),
                argumentSet(
                        "client side routing to today is off sale",
                        PAGE + "48210018",
                        product("48210018")
                                .saleStatus(SaleStatus.OFF_SALE)
                                .rawStatus("redirect:/today")
                                .strategy("redirect")
                                .build()),
                // AblyPlatformScanner: leaving /goods/{id} for any other page is not found.
                argumentSet(
                        "a redirect away to any other page is not found",
                        PAGE + "48210016",
                        product("48210016")
                                .saleStatus(SaleStatus.NOT_FOUND)
                                .rawStatus("redirect:/")
                                .strategy("redirect")
                                .build()));
    }

    @Test
    void theGoodsAnswerThePageFetchedIsCapturedNotRequestedAgain() throws ScanException {
        assertScan(
                "https://a-bly.com/goods/48210001",
                product("48210001")
                        .productName("러블리 꽈배기 니트 가디건")
                        .brand("러블리마켓")
                        .thumbnail(CDN + "48210001/cover-1.jpg")
                        .originalPrice(39000L)
                        .discountedPrice(29900L)
                        .saleStatus(SaleStatus.ON_SALE)
                        .rawStatus("ON_SALE")
                        .strategy("xhr")
                        .build());
        assertEquals(1, mirror.requestCount("m.a-bly.com/goods/48210001"));
        assertEquals(1, mirror.requestCount(API + "48210001/basic/"));
    }

    /**
     * A sold-out page as the original met them: the page never asks for its goods answer (captured in vain for
     * API_WAIT_MS); the title's "- 에이블리 스토어" tail is stripped as the original's pattern does.
     */
    @Test
    void withoutAnyGoodsAnswerTheSoldOutTextIsSoldOut() throws ScanException {
        assertScan(
                PAGE + "48210007",
                product("48210007")
                        .productName("플리츠 롱 스커트")
                        .thumbnail(CDN + "48210007/cover-1.jpg")
                        .saleStatus(SaleStatus.SOLD_OUT)
                        .rawStatus("text:sold_out")
                        .strategy("og_meta;status=body_text")
                        .build());
        assertEquals(0, mirror.requestCount(API + "48210007/basic/"));
    }

    @Test
    void anHttpRedirectToTodayIsOffSale() throws ScanException {
        assertScan(
                PAGE + "48210008",
                product("48210008")
                        .saleStatus(SaleStatus.OFF_SALE)
                        .rawStatus("redirect:/today")
                        .strategy("redirect")
                        .build());
        assertEquals(1, mirror.requestCount("m.a-bly.com/today"));
    }

    /** The issue: "a later script redirect is read as an on-sale product". */
    @Test
    void aScriptRedirectToTodayAfterLoadIsOffSale() throws ScanException {
        assertScan(
                PAGE + "48210013",
                product("48210013")
                        .saleStatus(SaleStatus.OFF_SALE)
                        .rawStatus("redirect:/today")
                        .strategy("redirect")
                        .build());
        assertEquals(1, mirror.requestCount("m.a-bly.com/today"));
    }

    /**
     * A stopped product's page leaves for /today after the scan has its answer: that navigation, still in flight,
     * must not land in the next product's scan (it did on a reused page: the next product read as /today).
     */
    @Test
    void aPageLeavingAfterItsScanDoesNotLandInTheNextProductsScan() throws ScanException {
        for (int round = 0; round < 3; round++) {
            assertScan(
                    PAGE + "48210014",
                    product("48210014")
                            .saleStatus(SaleStatus.OFF_SALE)
                            .rawStatus("redirect:/today")
                            .strategy("redirect")
                            .build());
            assertScan(
                    PAGE + "48210009",
                    product("48210009")
                            .productName("베이직 라운드 반팔 티셔츠")
                            .thumbnail(CDN + "48210009/cover-1.jpg")
                            .originalPrice(25000L)
                            .discountedPrice(25000L)
                            .saleStatus(SaleStatus.ON_SALE)
                            .rawStatus("text:on_sale")
                            .strategy("xhr;status=body_text")
                            .build());
        }
    }

    /** Brief rule 1: a name found nowhere is a retryable parse failure, with the goods answer and the page. */
    @Test
    void aProductNamedNowhereIsAParseFailureCarryingTheAnswerAndThePage() {
        ScanException failure = SnapshotAssertions.assertScanFails(
                FailureKind.PARSE, () -> scanner.scan(URI.create(PAGE + "48210017")));
        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("og:title"), failure.getMessage());
        assertEvidence(failure, "\"sno\": 48210017", "잠시만 기다려 주세요");
    }

    @Test
    void aPageShowingNoTextIsAParseFailureNotAStatus() {
        ScanException failure = SnapshotAssertions.assertScanFails(
                FailureKind.PARSE, () -> scanner.scan(URI.create(PAGE + "48210019")));
        assertTrue(failure.getMessage().contains("no text"), failure.getMessage());
        assertEvidence(failure, "잠시 후 다시 시도해주세요", "골지 니트 원피스");
    }

    @Test
    void anInvalidUrlFailsWithoutARequest() {
        ScanException failure = SnapshotAssertions.assertScanFails(
                FailureKind.INVALID_URL, () -> scanner.scan(URI.create("https://m.a-bly.com/market/9001")));
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

    /** Product {@code id} as its recorded page and goods answer show it; the scan time is never compared. */
    private static ProductSnapshot.Builder product(String id) {
        return ProductSnapshot.builder("ably", id).url(PAGE + id).scannedAt(Instant.EPOCH);
    }

    private static void assertScan(String url, ProductSnapshot expected) throws ScanException {
        SnapshotAssertions.assertScan(expected, () -> scanner.scan(URI.create(url)));
    }

    /** The goods answer the page received (containing {@code answerText}), the page's HTML and a screenshot. */
    private static void assertEvidence(ScanException failure, String answerText, String pageText) {
        List<ScanEvidence> evidence = failure.evidence();
        assertEquals(
                List.of("answer.json", "page.html", "screenshot.png"),
                evidence.stream().map(ScanEvidence::name).toList());
        String answer = new String(evidence.get(0).content(), StandardCharsets.UTF_8);
        assertTrue(answer.contains(answerText), answer);
        assertTrue(
                evidence.get(0).source().contains("/api/v3/goods/"),
                evidence.get(0).source());
        String html = new String(evidence.get(1).content(), StandardCharsets.UTF_8);
        assertTrue(html.contains(pageText), html);
        assertTrue(evidence.get(2).content().length > 0, "an empty screenshot");
    }
}
