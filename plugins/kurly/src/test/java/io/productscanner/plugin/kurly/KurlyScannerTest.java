package io.productscanner.plugin.kurly;

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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scans the kurly pages in fixtures/mirror/www.kurly.com with the system's Chromium through a mirror, one decision
 * step of the original service (src/extractors/kurly, KurlyPlatformScanner) per test.
 */
class KurlyScannerTest {
    private static final String PAGE = "https://www.kurly.com/goods/";
    private static final String IMAGE = "https://product-image.kurly.com/product/image/";

    @RegisterExtension
    static final FixtureMirror mirror = new FixtureMirror();

    private static ProductScanner scanner;

    /** One browser for the class: the mirror starts before and stops after these. */
    @BeforeAll
    static void startScanner() {
        scanner = new KurlyPlugin().createScanner(mirror.context(Map.of()));
    }

    @AfterAll
    static void stopScanner() {
        scanner.close();
    }

    @Test
    void onSaleWithADiscountAndARetailPrice() throws ScanException {
        assertScan("https://www.kurly.com/goods/5161060", new ProductSnapshot("kurly", "5161060", PAGE + "5161060",
                "[농협] 친환경 무농약 당근 1kg", "농협", IMAGE + "5161060-main.jpg", 13900L, 9900L,
                SaleStatus.ON_SALE, "isSoldOut=false", "next_data", Instant.EPOCH));
        assertEquals(1, mirror.requestCount("www.kurly.com/goods/5161060"));
        assertEquals(0, mirror.requestCount("www.kurly.com/_next/static/css/goods.css"), "stylesheets are blocked");
    }

    @Test
    void withoutDiscountOrRetailPriceBothPricesAreTheBasePrice() throws ScanException {
        assertScan("https://kurly.com/goods/5051411", new ProductSnapshot("kurly", "5051411", PAGE + "5051411",
                "국산 콩나물 300g", null, IMAGE + "5051411.jpg", 4980L, 4980L,
                SaleStatus.ON_SALE, "isSoldOut=false", "next_data", Instant.EPOCH));
    }

    @Test
    void aNullRetailPriceFallsBackToTheBasePrice() throws ScanException {
        assertScan(PAGE + "1000154", new ProductSnapshot("kurly", "1000154", PAGE + "1000154",
                "[Kurly's] 동물복지 유정란 10구", "Kurly's", IMAGE + "1000154.jpg", 6490L, 5840L,
                SaleStatus.SOLD_OUT, "isSoldOut=true", "next_data", Instant.EPOCH));
    }

    /** The issue: "a discount of 0 is kept as the sale price"; the original takes discountedPrice || basePrice. */
    @Test
    void aDiscountedPriceOfZeroIsNoDiscount() throws ScanException {
        assertScan(PAGE + "5161061", new ProductSnapshot("kurly", "5161061", PAGE + "5161061",
                "[곰곰] 국산 깐마늘 500g", "곰곰", IMAGE + "5161061.jpg", 11000L, 8900L,
                SaleStatus.ON_SALE, "isSoldOut=false", "next_data", Instant.EPOCH));
    }

    @Test
    void aNullIsSoldOutIsOffSale() throws ScanException {
        assertScan(PAGE + "5123456", new ProductSnapshot("kurly", "5123456", PAGE + "5123456",
                "한정판 명절 선물세트", "컬리 선물", IMAGE + "5123456.jpg", 65000L, 49000L,
                SaleStatus.OFF_SALE, "isSoldOut=null", "next_data", Instant.EPOCH));
    }

    @Test
    void aMissingIsSoldOutIsOffSale() throws ScanException {
        assertScan(PAGE + "5123457", new ProductSnapshot("kurly", "5123457", PAGE + "5123457",
                "단종된 수입 치즈 200g", null, IMAGE + "5123457.jpg", 15800L, 15800L,
                SaleStatus.OFF_SALE, "isSoldOut=null", "next_data", Instant.EPOCH));
    }

    /** The issue: "missing name ... throw where the original falls back to og:title". */
    @Test
    void aProductWithoutANameIsNamedByOgTitleAndPicturedByOgImage() throws ScanException {
        assertScan(PAGE + "5161062", new ProductSnapshot("kurly", "5161062", PAGE + "5161062",
                "[상하목장] 유기농 우유 900ml", null, IMAGE + "5161062-og.jpg", 3590L, 3290L,
                SaleStatus.ON_SALE, "isSoldOut=false", "next_data;name=og_meta", Instant.EPOCH));
    }

    /** The issue: "missing ... prices throw where the original ... records 0"; we record no price (null). */
    @Test
    void aProductWithoutPricesHasNoPricesAndStillItsStatus() throws ScanException {
        assertScan(PAGE + "5161063", new ProductSnapshot("kurly", "5161063", PAGE + "5161063",
                "[KF365] 무항생제 닭가슴살 1kg", "KF365", IMAGE + "5161063.jpg", null, null,
                SaleStatus.ON_SALE, "isSoldOut=false", "next_data", Instant.EPOCH));
    }

    @Test
    void nextDataWrittenAfterDomContentLoadedIsWaitedFor() throws ScanException {
        assertScan(PAGE + "5161067", new ProductSnapshot("kurly", "5161067", PAGE + "5161067",
                "[성수동베이커리] 우유 식빵", null, IMAGE + "5161067.jpg", 5500L, 5500L,
                SaleStatus.SOLD_OUT, "isSoldOut=true", "next_data", Instant.EPOCH));
    }

    /** The issue: "desktop emulation where the original uses the mobile profile" (iPhone iOS 17_0, 430x932, 3x). */
    @Test
    void thePageIsVisitedAsThePhoneTheOriginalPresents() throws Exception {
        assertScan(PAGE + "5161066", new ProductSnapshot("kurly", "5161066", PAGE + "5161066",
                "[제주] 하우스 감귤 1.5kg", null, IMAGE + "5161066.jpg", 15900L, 13900L,
                SaleStatus.ON_SALE, "isSoldOut=false", "next_data", Instant.EPOCH));
        // the page's own script reports what it sees; its request may still be on its way
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (mirror.requestCount("www.kurly.com/_probe/iphone-430-touch-3x")
                + mirror.requestCount("www.kurly.com/_probe/other") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, mirror.requestCount("www.kurly.com/_probe/iphone-430-touch-3x"), mirror.requestCounts()
                .toString());
        assertEquals(0, mirror.requestCount("www.kurly.com/_probe/other"));
    }

    /** The original's 상품정보없음 case (its docs/kurly-implementation.md): the page's data holds no product. */
    @Test
    void nextDataWithoutAProductIsNotFound() throws ScanException {
        assertScan(PAGE + "9999992", ProductSnapshot.notFound("kurly", "9999992", PAGE + "9999992", "no_product",
                "next_data", Instant.EPOCH));
    }

    @Test
    void anHttp404ForTheProductPageIsNotFound() throws ScanException {
        assertScan(PAGE + "9999991", ProductSnapshot.notFound("kurly", "9999991", PAGE + "9999991", "http_404",
                "http_status", Instant.EPOCH));
    }

    /** Brief rule 1: a page that did not render its data is retryable, never a deleted product. */
    @Test
    void aPageWithoutNextDataIsAParseFailureCarryingThePage() {
        ScanException failure = SnapshotAssertions.assertScanFails(FailureKind.PARSE,
                () -> scanner.scan(URI.create(PAGE + "5161065")));
        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("__NEXT_DATA__"), failure.getMessage());
        assertPageEvidence(failure, "잠시만 기다려 주세요");
    }

    @Test
    void aProductNamedNowhereIsAParseFailureCarryingThePage() {
        ScanException failure = SnapshotAssertions.assertScanFails(FailureKind.PARSE,
                () -> scanner.scan(URI.create(PAGE + "5161064")));
        assertTrue(failure.getMessage().contains("og:title"), failure.getMessage());
        assertPageEvidence(failure, "\"no\": 5161064");
    }

    @Test
    void cutOffNextDataIsAParseFailure() {
        ScanException failure = SnapshotAssertions.assertScanFails(FailureKind.PARSE,
                () -> scanner.scan(URI.create(PAGE + "5161068")));
        assertTrue(failure.getMessage().contains("not valid JSON"), failure.getMessage());
        assertPageEvidence(failure, "국산콩 두부");
    }

    @Test
    void aServerErrorIsARetryableFailure() {
        ScanException failure = assertThrows(ScanException.class,
                () -> scanner.scan(URI.create("https://www.kurly.com/goods/5000503")));
        assertEquals(FailureKind.NETWORK, failure.kind());
        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("HTTP 503"), failure.getMessage());
    }

    @Test
    void anInvalidUrlFailsWithoutARequest() {
        ScanException failure = SnapshotAssertions.assertScanFails(FailureKind.INVALID_URL,
                () -> scanner.scan(URI.create("https://www.kurly.com/categories/907")));
        assertTrue(failure.getMessage().contains("/goods/{number}"), failure.getMessage());
        assertEquals(Map.of(), mirror.requestCounts());
    }

    @Test
    void urlForms() {
        KurlyPlugin plugin = new KurlyPlugin();
        assertTrue(plugin.matches(URI.create("https://www.kurly.com/goods/5161060")));
        assertTrue(plugin.matches(URI.create("http://kurly.com/goods/5161060/")));
        assertFalse(plugin.matches(URI.create("https://www.kurly.com.evil.example/goods/1")));
        assertFalse(plugin.matches(URI.create("https://www.kurly.com/goods/abc")));
        assertEquals(URI.create("https://www.kurly.com/goods/42"), plugin.canonicalUrl("42"));
    }

    private static void assertScan(String url, ProductSnapshot expected) throws ScanException {
        SnapshotAssertions.assertScan(expected, () -> scanner.scan(URI.create(url)));
    }

    /** The failure carries the page as the browser held it (containing {@code expectedHtml}) and a screenshot. */
    private static void assertPageEvidence(ScanException failure, String expectedHtml) {
        List<ScanEvidence> evidence = failure.evidence();
        assertEquals(List.of("page.html", "screenshot.png"), evidence.stream().map(ScanEvidence::name).toList());
        String html = new String(evidence.get(0).content(), StandardCharsets.UTF_8);
        assertTrue(html.contains(expectedHtml), html);
        assertTrue(evidence.get(1).content().length > 0, "an empty screenshot");
    }
}
