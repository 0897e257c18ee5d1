package io.productscanner.plugin.kurly;

import io.productscanner.plugin.testkit.FixtureMirror;
import io.productscanner.plugin.testkit.SnapshotAssertions;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import io.productscanner.spi.ScanException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scans the recorded kurly pages in fixtures/mirror/www.kurly.com with the system's Chromium through a mirror. */
class KurlyScannerTest {
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
        assertScan("https://www.kurly.com/goods/5161060", new ProductSnapshot("kurly", "5161060",
                "https://www.kurly.com/goods/5161060", "[농협] 친환경 무농약 당근 1kg", "농협",
                "https://product-image.kurly.com/product/image/5161060-main.jpg", 13900L, 9900L,
                SaleStatus.ON_SALE, "isSoldOut=false", "next_data", Instant.EPOCH));
        assertEquals(1, mirror.requestCount("www.kurly.com/goods/5161060"));
        assertEquals(0, mirror.requestCount("www.kurly.com/_next/static/css/goods.css"), "stylesheets are blocked");
    }

    @Test
    void withoutDiscountOrRetailPriceBothPricesAreTheBasePrice() throws ScanException {
        assertScan("https://kurly.com/goods/5051411", new ProductSnapshot("kurly", "5051411",
                "https://www.kurly.com/goods/5051411", "국산 콩나물 300g", null,
                "https://product-image.kurly.com/product/image/5051411.jpg", 4980L, 4980L,
                SaleStatus.ON_SALE, "isSoldOut=false", "next_data", Instant.EPOCH));
    }

    @Test
    void soldOut() throws ScanException {
        assertScan("https://www.kurly.com/goods/1000154", new ProductSnapshot("kurly", "1000154",
                "https://www.kurly.com/goods/1000154", "[Kurly's] 동물복지 유정란 10구", "Kurly's",
                "https://product-image.kurly.com/product/image/1000154.jpg", 6490L, 5840L,
                SaleStatus.SOLD_OUT, "isSoldOut=true", "next_data", Instant.EPOCH));
    }

    @Test
    void aNullIsSoldOutIsOffSale() throws ScanException {
        assertScan("https://www.kurly.com/goods/5123456", new ProductSnapshot("kurly", "5123456",
                "https://www.kurly.com/goods/5123456", "한정판 명절 선물세트", "컬리 선물",
                "https://product-image.kurly.com/product/image/5123456.jpg", 65000L, 49000L,
                SaleStatus.OFF_SALE, "isSoldOut=null", "next_data", Instant.EPOCH));
    }

    @Test
    void aMissingIsSoldOutIsOffSale() throws ScanException {
        assertScan("https://www.kurly.com/goods/5123457", new ProductSnapshot("kurly", "5123457",
                "https://www.kurly.com/goods/5123457", "단종된 수입 치즈 200g", null,
                "https://product-image.kurly.com/product/image/5123457.jpg", 15800L, 15800L,
                SaleStatus.OFF_SALE, "isSoldOut=null", "next_data", Instant.EPOCH));
    }

    @Test
    void aPageWithoutNextDataIsNotFound() throws ScanException {
        assertScan("https://www.kurly.com/goods/9999991", ProductSnapshot.notFound("kurly", "9999991",
                "https://www.kurly.com/goods/9999991", "no_next_data", "next_data", Instant.EPOCH));
    }

    @Test
    void nextDataWithoutAProductIsNotFound() throws ScanException {
        assertScan("https://www.kurly.com/goods/9999992", ProductSnapshot.notFound("kurly", "9999992",
                "https://www.kurly.com/goods/9999992", "no_product", "next_data", Instant.EPOCH));
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
}
