package io.productscanner.plugin.kurly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    @ParameterizedTest(name = "{argumentSetName}")
    @MethodSource("recordedProducts")
    void eachRecordedProductIsReadAsItsSnapshot(String url, ProductSnapshot expected) throws ScanException {
        assertScan(url, expected);
    }

    /** Recorded products, each with the snapshot its scan must give, field by field. */
    static Stream<Arguments> recordedProducts() {
        return Stream.of(
                argumentSet(
                        "without discount or retail price both prices are the base price",
                        "https://kurly.com/goods/5051411",
                        product("5051411")
                                .productName("국산 콩나물 300g")
                                .thumbnail(IMAGE + "5051411.jpg")
                                .originalPrice(4980L)
                                .discountedPrice(4980L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("isSoldOut=false")
                                .strategy("next_data")
                                .build()),
                argumentSet(
                        "a null retail price falls back to the base price",
                        PAGE + "1000154",
                        product("1000154")
                                .productName("[Kurly's] 동물복지 유정란 10구")
                                .brand("Kurly's")
                                .thumbnail(IMAGE + "1000154.jpg")
                                .originalPrice(6490L)
                                .discountedPrice(5840L)
                                .saleStatus(SaleStatus.SOLD_OUT)
                                .rawStatus("isSoldOut=true")
                                .strategy("next_data")
                                .build()),
                // The issue: "a discount of 0 is kept as the sale price"; the original takes discountedPrice ||
                // basePrice.
                argumentSet(
                        "a discounted price of zero is no discount",
                        PAGE + "5161061",
                        product("5161061")
                                .productName("[곰곰] 국산 깐마늘 500g")
                                .brand("곰곰")
                                .thumbnail(IMAGE + "5161061.jpg")
                                .originalPrice(11000L)
                                .discountedPrice(8900L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("isSoldOut=false")
                                .strategy("next_data")
                                .build()),
                argumentSet(
                        "a null is sold out is off sale",
                        PAGE + "5123456",
                        product("5123456")
                                .productName("한정판 명절 선물세트")
                                .brand("컬리 선물")
                                .thumbnail(IMAGE + "5123456.jpg")
                                .originalPrice(65000L)
                                .discountedPrice(49000L)
                                .saleStatus(SaleStatus.OFF_SALE)
                                .rawStatus("isSoldOut=null")
                                .strategy("next_data")
                                .build()),
                argumentSet(
                        "a missing is sold out is off sale",
                        PAGE + "5123457",
                        product("5123457")
                                .productName("단종된 수입 치즈 200g")
                                .thumbnail(IMAGE + "5123457.jpg")
                                .originalPrice(15800L)
                                .discountedPrice(15800L)
                                .saleStatus(SaleStatus.OFF_SALE)
                                .rawStatus("isSoldOut=null")
                                .strategy("next_data")
                                .build()),
                // The issue: "missing name ... throw where the original falls back to og:title".
                argumentSet(
                        "a product without a name is named by og title and pictured by og image",
                        PAGE + "5161062",
                        product("5161062")
                                .productName("[상하목장] 유기농 우유 900ml")
                                .thumbnail(IMAGE + "5161062-og.jpg")
                                .originalPrice(3590L)
                                .discountedPrice(3290L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("isSoldOut=false")
                                .strategy("next_data;name=og_meta")
                                .build()),
                // The issue: "missing ... prices throw where the original ... records 0"; we record no price (null).
                argumentSet(
                        "a product without prices has no prices and still its status",
                        PAGE + "5161063",
                        product("5161063")
                                .productName("[KF365] 무항생제 닭가슴살 1kg")
                                .brand("KF365")
                                .thumbnail(IMAGE + "5161063.jpg")
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("isSoldOut=false")
                                .strategy("next_data")
                                .build()),
                argumentSet(
                        "next data written after dom content loaded is waited for",
                        PAGE + "5161067",
                        product("5161067")
                                .productName("[성수동베이커리] 우유 식빵")
                                .thumbnail(IMAGE + "5161067.jpg")
                                .originalPrice(5500L)
                                .discountedPrice(5500L)
                                .saleStatus(SaleStatus.SOLD_OUT)
                                .rawStatus("isSoldOut=true")
                                .strategy("next_data")
                                .build()),
                // The original's 상품정보없음 case (its docs/kurly-implementation.md): the page's data holds no product.
                argumentSet(
                        "next data without a product is not found",
                        PAGE + "9999992",
                        product("9999992")
                                .saleStatus(SaleStatus.NOT_FOUND)
                                .rawStatus("no_product")
                                .strategy("next_data")
                                .build()),
                argumentSet(
                        "an http404 for the product page is not found",
                        PAGE + "9999991",
                        product("9999991")
                                .saleStatus(SaleStatus.NOT_FOUND)
                                .rawStatus("http_404")
                                .strategy("http_status")
                                .build()));
    }

    @Test
    void onSaleWithADiscountAndARetailPrice() throws ScanException {
        assertScan(
                "https://www.kurly.com/goods/5161060",
                product("5161060")
                        .productName("[농협] 친환경 무농약 당근 1kg")
                        .brand("농협")
                        .thumbnail(IMAGE + "5161060-main.jpg")
                        .originalPrice(13900L)
                        .discountedPrice(9900L)
                        .saleStatus(SaleStatus.ON_SALE)
                        .rawStatus("isSoldOut=false")
                        .strategy("next_data")
                        .build());
        assertEquals(1, mirror.requestCount("www.kurly.com/goods/5161060"));
        assertEquals(0, mirror.requestCount("www.kurly.com/_next/static/css/goods.css"), "stylesheets are blocked");
    }

    /** The issue: "desktop emulation where the original uses the mobile profile" (iPhone iOS 17_0, 430x932, 3x). */
    @Test
    void thePageIsVisitedAsThePhoneTheOriginalPresents() throws Exception {
        assertScan(
                PAGE + "5161066",
                product("5161066")
                        .productName("[제주] 하우스 감귤 1.5kg")
                        .thumbnail(IMAGE + "5161066.jpg")
                        .originalPrice(15900L)
                        .discountedPrice(13900L)
                        .saleStatus(SaleStatus.ON_SALE)
                        .rawStatus("isSoldOut=false")
                        .strategy("next_data")
                        .build());
        // the page's own script reports what it sees; its request may still be on its way
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (mirror.requestCount("www.kurly.com/_probe/iphone-430-touch-3x")
                                + mirror.requestCount("www.kurly.com/_probe/other")
                        == 0
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(
                1,
                mirror.requestCount("www.kurly.com/_probe/iphone-430-touch-3x"),
                mirror.requestCounts().toString());
        assertEquals(0, mirror.requestCount("www.kurly.com/_probe/other"));
    }

    /** Brief rule 1: a page that did not render its data is retryable, never a deleted product. */
    @Test
    void aPageWithoutNextDataIsAParseFailureCarryingThePage() {
        ScanException failure =
                SnapshotAssertions.assertScanFails(FailureKind.PARSE, () -> scanner.scan(URI.create(PAGE + "5161065")));
        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("__NEXT_DATA__"), failure.getMessage());
        assertPageEvidence(failure, "잠시만 기다려 주세요");
    }

    @Test
    void aProductNamedNowhereIsAParseFailureCarryingThePage() {
        ScanException failure =
                SnapshotAssertions.assertScanFails(FailureKind.PARSE, () -> scanner.scan(URI.create(PAGE + "5161064")));
        assertTrue(failure.getMessage().contains("og:title"), failure.getMessage());
        assertPageEvidence(failure, "\"no\": 5161064");
    }

    @Test
    void cutOffNextDataIsAParseFailure() {
        ScanException failure =
                SnapshotAssertions.assertScanFails(FailureKind.PARSE, () -> scanner.scan(URI.create(PAGE + "5161068")));
        assertTrue(failure.getMessage().contains("not valid JSON"), failure.getMessage());
        assertPageEvidence(failure, "국산콩 두부");
    }

    @Test
    void aServerErrorIsARetryableFailure() {
        ScanException failure = assertThrows(
                ScanException.class, () -> scanner.scan(URI.create("https://www.kurly.com/goods/5000503")));
        assertEquals(FailureKind.NETWORK, failure.kind());
        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("HTTP 503"), failure.getMessage());
    }

    @Test
    void anInvalidUrlFailsWithoutARequest() {
        ScanException failure = SnapshotAssertions.assertScanFails(
                FailureKind.INVALID_URL, () -> scanner.scan(URI.create("https://www.kurly.com/categories/907")));
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

    /** Product {@code id} as its recorded goods page shows it; the scan time is never compared. */
    private static ProductSnapshot.Builder product(String id) {
        return ProductSnapshot.builder("kurly", id).url(PAGE + id).scannedAt(Instant.EPOCH);
    }

    private static void assertScan(String url, ProductSnapshot expected) throws ScanException {
        SnapshotAssertions.assertScan(expected, () -> scanner.scan(URI.create(url)));
    }

    /** The failure carries the page as the browser held it (containing {@code expectedHtml}) and a screenshot. */
    private static void assertPageEvidence(ScanException failure, String expectedHtml) {
        List<ScanEvidence> evidence = failure.evidence();
        assertEquals(
                List.of("page.html", "screenshot.png"),
                evidence.stream().map(ScanEvidence::name).toList());
        String html = new String(evidence.get(0).content(), StandardCharsets.UTF_8);
        assertTrue(html.contains(expectedHtml), html);
        assertTrue(evidence.get(1).content().length > 0, "an empty screenshot");
    }
}
