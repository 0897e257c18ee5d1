package io.productscanner.plugin.ably;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scans the recorded ably pages and API answers (fixtures/mirror/m.a-bly.com, api.a-bly.com) with Chromium. */
class AblyScannerTest {
    private static final String PAGE = "https://m.a-bly.com/goods/";
    private static final String CDN = "https://d3ha2047wt6x28.cloudfront.net/goods/";

    @RegisterExtension
    static final FixtureMirror mirror = new FixtureMirror();

    private static ProductScanner scanner;

    /** One browser for the class: the mirror starts before and stops after these. */
    @BeforeAll
    static void startScanner() {
        scanner = new AblyPlugin().createScanner(mirror.context(Map.of()));
    }

    @AfterAll
    static void stopScanner() {
        scanner.close();
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
        ScanException failure = SnapshotAssertions.assertScanFails(FailureKind.INVALID_URL,
                () -> scanner.scan(URI.create("https://m.a-bly.com/market/9001")));
        assertTrue(failure.getMessage().contains("/goods/{number}"), failure.getMessage());
        assertEquals(Map.of(), mirror.requestCounts());
    }

    private static void assertScan(String url, ProductSnapshot expected) throws ScanException {
        SnapshotAssertions.assertScan(expected, () -> scanner.scan(URI.create(url)));
    }
}
