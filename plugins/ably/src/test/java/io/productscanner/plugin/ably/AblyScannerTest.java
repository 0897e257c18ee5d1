package io.productscanner.plugin.ably;

import io.productscanner.mirror.SiteMirror;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import io.productscanner.spi.ScanException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scans the recorded ably pages and API answers (fixtures/mirror/m.a-bly.com, api.a-bly.com) with Chromium. */
class AblyScannerTest {
    private static final String PAGE = "https://m.a-bly.com/goods/";
    private static final String CDN = "https://d3ha2047wt6x28.cloudfront.net/goods/";

    private static SiteMirror mirror;
    private static ProductScanner scanner;

    @BeforeAll
    static void start() throws Exception {
        mirror = SiteMirror.start(Path.of(System.getProperty("fixtures.dir", "../../fixtures/mirror")), 0);
        Map<String, String> settings = Map.of("SCANNER_SITE_MIRROR", mirror.url().toString());
        PluginContext context = name -> Optional.ofNullable(settings.get(name));
        scanner = new AblyPlugin().createScanner(context);
    }

    @AfterAll
    static void stop() {
        scanner.close();
        mirror.close();
    }

    @BeforeEach
    void resetCounts() {
        mirror.resetCounts();
    }

    @Test
    void theGoodsAnswerThePageFetchedIsCapturedNotRequestedAgain() throws ScanException {
        assertScan("https://a-bly.com/goods/48210001", new ProductSnapshot("ably", "48210001", PAGE + "48210001",
                "러블리 꽈배기 니트 가디건", "러블리마켓", CDN + "48210001/cover-1.jpg", 39000L, 29900L,
                SaleStatus.ON_SALE, "ON_SALE", "xhr", Instant.EPOCH));
        assertEquals(1, mirror.requestCount("m.a-bly.com/goods/48210001"));
        assertEquals(1, mirror.requestCount("api.a-bly.com/api/v3/goods/48210001/basic/"));
    }

    @Test
    void soldOutFromTheGoodsAnswer() throws ScanException {
        assertScan(PAGE + "48210002", new ProductSnapshot("ably", "48210002", PAGE + "48210002",
                "데일리 와이드 데님 팬츠", "데님하우스", CDN + "48210002/cover-1.jpg", 32000L, 32000L,
                SaleStatus.SOLD_OUT, "SOLD_OUT", "xhr", Instant.EPOCH));
    }

    @Test
    void anyOtherSaleTypeIsOffSale() throws ScanException {
        assertScan(PAGE + "48210003", new ProductSnapshot("ably", "48210003", PAGE + "48210003",
                "시즌오프 트위드 자켓", "모던걸", CDN + "48210003/cover-1.jpg", 89000L, 62300L,
                SaleStatus.OFF_SALE, "STOP_SALE", "xhr", Instant.EPOCH));
    }

    @Test
    void aFailedGoodsAnswerFallsBackToNextData() throws ScanException {
        assertScan(PAGE + "48210004", new ProductSnapshot("ably", "48210004", PAGE + "48210004",
                "스트라이프 셔츠 원피스", "블루밍", CDN + "48210004/cover-1.jpg", 45000L, 36000L,
                SaleStatus.ON_SALE, "ON_SALE", "next_data", Instant.EPOCH));
    }

    @Test
    void withoutGoodsDataTheOgMetaGivesNameAndImage() throws ScanException {
        assertScan(PAGE + "48210005", new ProductSnapshot("ably", "48210005", PAGE + "48210005",
                "코튼 오버핏 맨투맨", null, CDN + "48210005/cover-1.jpg", null, null,
                SaleStatus.ON_SALE, "og_meta", "meta", Instant.EPOCH));
    }

    @Test
    void theNotOnSaleTextIsOffSale() throws ScanException {
        assertScan(PAGE + "48210006", new ProductSnapshot("ably", "48210006", PAGE + "48210006",
                "린넨 셔츠 블라우스", null, CDN + "48210006/cover-1.jpg", null, null,
                SaleStatus.OFF_SALE, "text:off_sale", "meta", Instant.EPOCH));
    }

    @Test
    void theSoldOutTextIsSoldOut() throws ScanException {
        assertScan(PAGE + "48210007", new ProductSnapshot("ably", "48210007", PAGE + "48210007",
                "플리츠 롱 스커트", null, CDN + "48210007/cover-1.jpg", null, null,
                SaleStatus.SOLD_OUT, "text:sold_out", "meta", Instant.EPOCH));
    }

    @Test
    void aRedirectToTodayIsOffSale() throws ScanException {
        assertScan(PAGE + "48210008", new ProductSnapshot("ably", "48210008", PAGE + "48210008",
                null, null, null, null, null, SaleStatus.OFF_SALE, "redirect:/today", "meta", Instant.EPOCH));
        assertEquals(1, mirror.requestCount("m.a-bly.com/today"));
    }

    @Test
    void anInvalidUrlFailsWithoutARequest() {
        ScanException failure = assertThrows(ScanException.class,
                () -> scanner.scan(URI.create("https://m.a-bly.com/market/9001")));
        assertEquals(FailureKind.INVALID_URL, failure.kind());
        assertTrue(failure.getMessage().contains("/goods/{number}"), failure.getMessage());
        assertEquals(Map.of(), mirror.requestCounts());
    }

    /** Asserts every field; {@code expected.scannedAt()} is ignored in favour of "during the scan". */
    private static void assertScan(String url, ProductSnapshot expected) throws ScanException {
        Instant before = Instant.now();
        ProductSnapshot snapshot = scanner.scan(URI.create(url));
        assertFalse(snapshot.scannedAt().isBefore(before), "scannedAt before the scan");
        assertEquals(new ProductSnapshot(expected.platform(), expected.productId(), expected.url(),
                expected.productName(), expected.brand(), expected.thumbnail(), expected.originalPrice(),
                expected.discountedPrice(), expected.saleStatus(), expected.rawStatus(), expected.strategy(),
                snapshot.scannedAt()), snapshot);
    }
}
