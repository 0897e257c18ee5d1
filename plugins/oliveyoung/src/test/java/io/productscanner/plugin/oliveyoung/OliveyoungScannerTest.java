package io.productscanner.plugin.oliveyoung;

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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scans the recorded oliveyoung pages in fixtures/mirror/m.oliveyoung.co.kr with the system's Chromium. */
class OliveyoungScannerTest {
    private static final String PAGE = "m.oliveyoung.co.kr/m/goods/getGoodsDetail.do";
    private static final String MOBILE = "https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo=";
    private static final String IMAGES = "https://image.oliveyoung.co.kr/cfimages/cf-goods/uploads/images/thumbnails/"
            + "550/10/0000/";

    @RegisterExtension
    static final FixtureMirror mirror = new FixtureMirror();

    private static ProductScanner scanner;

    /** One browser for the class: the mirror starts before and stops after these. */
    @BeforeAll
    static void startScanner() {
        scanner = new OliveyoungPlugin().createScanner(mirror.context(Map.of()));
    }

    @AfterAll
    static void stopScanner() {
        scanner.close();
    }

    @Test
    void onSaleWithADiscount() throws ScanException {
        assertScan(MOBILE + "A000000238213", snapshot("A000000238213", "라운드랩 1025 독도 토너 200ml", "라운드랩",
                IMAGES + "0082/A00000023821301ko.jpg", 21000L, 14700L, SaleStatus.ON_SALE, "바로구매"));
        assertEquals(1, mirror.requestCount(PAGE));
    }

    @Test
    void aDesktopUrlIsReadOnTheMobilePage() throws ScanException {
        assertScan("https://www.oliveyoung.co.kr/store/goods/getGoodsDetail.do?goodsNo=A000000238213&dispCatNo=100",
                snapshot("A000000238213", "라운드랩 1025 독도 토너 200ml", "라운드랩",
                        IMAGES + "0082/A00000023821301ko.jpg", 21000L, 14700L, SaleStatus.ON_SALE, "바로구매"));
        assertEquals(1, mirror.requestCount(PAGE));
        assertTrue(mirror.requestCounts().keySet().stream().noneMatch(path -> path.startsWith("www.")),
                "never the desktop page: " + mirror.requestCounts());
    }

    @Test
    void oneAmountIsBothPricesAndAThumbnailWithoutTheProductNumberIsLeftOut() throws ScanException {
        assertScan(MOBILE + "A000000184228", snapshot("A000000184228", "토리든 다이브인 저분자 히알루론산 세럼 50ml",
                "토리든", null, 25000L, 25000L, SaleStatus.ON_SALE, "구매하기"));
    }

    @Test
    void temporarilySoldOut() throws ScanException {
        assertScan(MOBILE + "A000000190001", snapshot("A000000190001", "닥터지 레드 블레미쉬 클리어 수딩 크림 70ml",
                "닥터지", IMAGES + "0000/A00000019000101ko.jpg", 32000L, 25600L, SaleStatus.SOLD_OUT, "일시품절"));
    }

    @Test
    void soldOut() throws ScanException {
        assertScan(MOBILE + "A000000190002", snapshot("A000000190002", "아벤느 오 떼르말 미스트 300ml", "아벤느",
                IMAGES + "0000/A00000019000201ko.jpg", 22000L, 22000L, SaleStatus.SOLD_OUT, "품절"));
    }

    @Test
    void stoppedSaleIsOffSale() throws ScanException {
        assertScan(MOBILE + "A000000190003", snapshot("A000000190003", "바닐라코 클린 잇 제로 클렌징 밤 100ml", "바닐라코",
                IMAGES + "0000/A00000019000301ko.jpg", 19800L, 19800L, SaleStatus.OFF_SALE, "판매중지"));
    }

    @Test
    void discontinuedIsOffSale() throws ScanException {
        assertScan(MOBILE + "A000000190004", snapshot("A000000190004", "이니스프리 그린티 씨드 세럼 80ml (구)",
                "이니스프리", IMAGES + "0000/A00000019000401ko.jpg", 27000L, 27000L, SaleStatus.OFF_SALE, "단종"));
    }

    @Test
    void anEndedDisplayPeriodIsOffSale() throws ScanException {
        assertScan(MOBILE + "A000000190005", snapshot("A000000190005", "[한정] 올리브영 홀리데이 기프트 세트", "올리브영",
                IMAGES + "0000/A00000019000501ko.jpg", 39000L, 35100L, SaleStatus.OFF_SALE, "전시기간"));
    }

    @Test
    void theDesktopLayoutIsReloadedOnceThenReadThroughTheFallbackSelectors() throws ScanException {
        assertScan(MOBILE + "A000000155555", snapshot("A000000155555", "메디힐 티트리 에센셜 마스크 10매", "메디힐",
                IMAGES + "0015/A00000015555501ko.jpg", 20000L, 12000L, SaleStatus.ON_SALE, "바로구매"));
        assertEquals(2, mirror.requestCount(PAGE), "loaded, then reloaded once");
    }

    @Test
    void theNotFoundMessageIsNotFound() throws ScanException {
        assertScan(MOBILE + "A000000999001", ProductSnapshot.notFound("oliveyoung", "A000000999001",
                MOBILE + "A000000999001", "not_found_message", "dom", Instant.EPOCH));
    }

    @Test
    void aRedirectToTheErrorPageIsNotFound() throws ScanException {
        assertScan(MOBILE + "A000000999002", ProductSnapshot.notFound("oliveyoung", "A000000999002",
                MOBILE + "A000000999002", "error_page", "dom", Instant.EPOCH));
        assertEquals(1, mirror.requestCount("m.oliveyoung.co.kr/m/common/error.do"));
    }

    @Test
    void rateLimitingIsBlocked() {
        ScanException failure = assertThrows(ScanException.class,
                () -> scanner.scan(URI.create(MOBILE + "A000000429429")));
        assertEquals(FailureKind.BLOCKED, failure.kind());
        assertTrue(failure.retryable());
    }

    @Test
    void anInvalidUrlFailsWithoutARequest() {
        ScanException failure = SnapshotAssertions.assertScanFails(FailureKind.INVALID_URL,
                () -> scanner.scan(URI.create("https://m.oliveyoung.co.kr/m/main/main.do")));
        assertTrue(failure.getMessage().contains("goodsNo="), failure.getMessage());
        assertEquals(Map.of(), mirror.requestCounts());
    }

    private static ProductSnapshot snapshot(String id, String name, String brand, String thumbnail, Long original,
                                            Long sale, SaleStatus status, String raw) {
        return new ProductSnapshot("oliveyoung", id, MOBILE + id, name, brand, thumbnail, original, sale, status,
                raw, "dom", Instant.EPOCH);
    }

    private static void assertScan(String url, ProductSnapshot expected) throws ScanException {
        SnapshotAssertions.assertScan(expected, () -> scanner.scan(URI.create(url)));
    }
}
