package io.productscanner.plugin.oliveyoung;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scans the recorded oliveyoung pages in fixtures/mirror/m.oliveyoung.co.kr with the system's Chromium, one decision
 * step of the original (OliveyoungSaleStatusExtractor, OliveyoungPlatformScanner) after another. The waits are
 * shortened so that the pages which never show what is waited for do not slow the suite; the late page's delays
 * (up to 1.2 s) still fall inside them.
 */
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
        scanner = new OliveyoungPlugin().createScanner(mirror.context(Map.of(
                "OLIVEYOUNG_RENDER_TIMEOUT_MS", "2500",
                "OLIVEYOUNG_SETTLE_TIMEOUT_MS", "1000",
                "OLIVEYOUNG_THUMBNAIL_TIMEOUT_MS", "1000")));
    }

    @AfterAll
    static void stopScanner() {
        scanner.close();
    }

    // --- the purchase buttons (step 3): every button in page order, visible ones first

    @Test
    void onSaleWithADiscount() throws ScanException {
        assertScan(MOBILE + "A000000238213", snapshot("A000000238213", "라운드랩 1025 독도 토너 200ml", "라운드랩",
                IMAGES + "0082/A00000023821301ko.jpg", 21000L, 14700L, SaleStatus.ON_SALE, "바로구매", "button"));
        assertEquals(1, mirror.requestCount(PAGE));
    }

    @Test
    void aDesktopUrlIsReadOnTheMobilePage() throws ScanException {
        assertScan("https://www.oliveyoung.co.kr/store/goods/getGoodsDetail.do?goodsNo=A000000238213&dispCatNo=100",
                snapshot("A000000238213", "라운드랩 1025 독도 토너 200ml", "라운드랩",
                        IMAGES + "0082/A00000023821301ko.jpg", 21000L, 14700L, SaleStatus.ON_SALE, "바로구매", "button"));
        assertEquals(1, mirror.requestCount(PAGE));
        assertTrue(mirror.requestCounts().keySet().stream().noneMatch(path -> path.startsWith("www.")),
                "never the desktop page: " + mirror.requestCounts());
    }

    @Test
    void oneAmountIsBothPricesAndABannerIsNoThumbnail() throws ScanException {
        assertScan(MOBILE + "A000000184228", snapshot("A000000184228", "토리든 다이브인 저분자 히알루론산 세럼 50ml",
                "토리든", null, 25000L, 25000L, SaleStatus.ON_SALE, "구매하기", "button"));
    }

    @Test
    void temporarilySoldOutIsSoldOutWithItsOwnRawStatus() throws ScanException {
        assertScan(MOBILE + "A000000190001", snapshot("A000000190001", "닥터지 레드 블레미쉬 클리어 수딩 크림 70ml",
                "닥터지", IMAGES + "0000/A00000019000101ko.jpg", 32000L, 25600L, SaleStatus.SOLD_OUT, "일시품절",
                "button"));
    }

    @Test
    void soldOut() throws ScanException {
        assertScan(MOBILE + "A000000190002", snapshot("A000000190002", "아벤느 오 떼르말 미스트 300ml", "아벤느",
                IMAGES + "0000/A00000019000201ko.jpg", 22000L, 22000L, SaleStatus.SOLD_OUT, "품절", "button"));
    }

    @Test
    void stoppedSaleIsOffSale() throws ScanException {
        assertScan(MOBILE + "A000000190003", snapshot("A000000190003", "바닐라코 클린 잇 제로 클렌징 밤 100ml", "바닐라코",
                IMAGES + "0000/A00000019000301ko.jpg", 19800L, 19800L, SaleStatus.OFF_SALE, "판매중지", "button"));
    }

    @Test
    void discontinuedIsOffSale() throws ScanException {
        assertScan(MOBILE + "A000000190004", snapshot("A000000190004", "이니스프리 그린티 씨드 세럼 80ml (구)",
                "이니스프리", IMAGES + "0000/A00000019000401ko.jpg", 27000L, 27000L, SaleStatus.OFF_SALE, "단종",
                "button"));
    }

    @Test
    void anEndedDisplayPeriodIsOffSale() throws ScanException {
        assertScan(MOBILE + "A000000190005", snapshot("A000000190005", "[한정] 올리브영 홀리데이 기프트 세트", "올리브영",
                IMAGES + "0000/A00000019000501ko.jpg", 39000L, 35100L, SaleStatus.OFF_SALE, "전시기간", "button"));
    }

    /** The user report: buttons in a container no selector of ours named gave "(buttons: [])". */
    @Test
    void purchaseButtonsOutsideEveryNamedContainerStillDecide() throws ScanException {
        assertScan(MOBILE + "A000000200001", snapshot("A000000200001", "메디힐 마데카소사이드 흔적 패드 100매", "메디힐",
                IMAGES + "0020/A00000020000101ko.jpg", 26000L, 20800L, SaleStatus.ON_SALE, "바로구매", "button"));
    }

    @Test
    void theGeneratedClassLayoutIsReadThroughTheNameChainAndTheHeadingsPriceBlock() throws ScanException {
        assertScan(MOBILE + "A000000200002", snapshot("A000000200002", "라운드랩 자작나무 수분 크림 80ml", "라운드랩",
                IMAGES + "0020/A00000020000201ko.jpg", 28000L, 21000L, SaleStatus.ON_SALE, "바로구매", "button"));
    }

    @Test
    void aHiddenSoldOutButtonLosesToAVisibleBuyButton() throws ScanException {
        assertScan(MOBILE + "A000000200003", snapshot("A000000200003", "에스트라 아토베리어365 크림 80ml", "에스트라",
                IMAGES + "0020/A00000020000301ko.jpg", 31000L, 31000L, SaleStatus.ON_SALE, "구매하기", "button"));
    }

    @Test
    void aHiddenButtonDecidesWhenNoButtonWithAKnownTextIsVisible() throws ScanException {
        assertScan(MOBILE + "A000000200019", snapshot("A000000200019", "이니스프리 레티놀 시카 흔적 앰플 30ml", "이니스프리",
                IMAGES + "0020/A00000020001901ko.jpg", 36000L, 36000L, SaleStatus.SOLD_OUT, "일시품절", "button"));
    }

    // --- preparing the page: late content, overlays, the desktop layout

    @Test
    void contentInsertedAfterDomContentLoadedIsWaitedFor() throws ScanException {
        assertScan(MOBILE + "A000000200004", snapshot("A000000200004", "토리든 다이브인 저분자 히알루론산 수딩 크림 100ml",
                "토리든", IMAGES + "0020/A00000020000401ko.jpg", 26000L, 23400L, SaleStatus.ON_SALE, "바로구매",
                "button"));
    }

    @Test
    void overlaysInFrontOfThePageAreNotRead() throws ScanException {
        assertScan(MOBILE + "A000000200005", snapshot("A000000200005", "닥터지 레드 블레미쉬 클리어 수딩 토너 200ml",
                "닥터지", IMAGES + "0020/A00000020000501ko.jpg", 22000L, 22000L, SaleStatus.SOLD_OUT, "일시품절",
                "button"));
    }

    @Test
    void theDesktopLayoutIsReloadedOnceAndTheMobileLayoutThenRead() throws ScanException {
        assertScan(MOBILE + "A000000200012", snapshot("A000000200012", "바이오더마 센시비오 H2O 500ml", "바이오더마",
                IMAGES.replace("/550/", "/1000/") + "0020/A00000020001201ko.jpg", 32000L, 22400L, SaleStatus.ON_SALE,
                "바로구매", "button"));
        assertEquals(2, mirror.requestCount(PAGE), "loaded, then reloaded once");
    }

    @Test
    void aDesktopLayoutServedAgainAfterTheReloadIsReadThroughTheFallbackSelectors() throws ScanException {
        assertScan(MOBILE + "A000000155555", snapshot("A000000155555", "메디힐 티트리 에센셜 마스크 10매", "메디힐",
                IMAGES + "0015/A00000015555501ko.jpg", 20000L, 12000L, SaleStatus.ON_SALE, "장바구니", "button"));
        assertEquals(2, mirror.requestCount(PAGE), "loaded, then reloaded once only");
    }

    // --- after the buttons (steps 4 to 8)

    @Test
    void aBuyElementThatIsNoButtonMeansOnSale() throws ScanException {
        assertScan(MOBILE + "A000000200014", snapshot("A000000200014", "라로슈포제 시카플라스트 밤 B5+ 40ml", "라로슈포제",
                IMAGES + "0020/A00000020001401ko.jpg", 28000L, 21000L, SaleStatus.ON_SALE, "buy_element",
                "buy_element"));
    }

    @Test
    void aRestockButtonAloneMeansTemporarilySoldOut() throws ScanException {
        assertScan(MOBILE + "A000000200013", snapshot("A000000200013", "아벤느 시칼파트 플러스 크림 40ml", "아벤느",
                IMAGES + "0020/A00000020001301ko.jpg", 28000L, 28000L, SaleStatus.SOLD_OUT, "restock", "restock"));
    }

    @Test
    void aSoldOutElementMeansSoldOut() throws ScanException {
        assertScan(MOBILE + "A000000200015", snapshot("A000000200015", "클리오 킬커버 파운웨어 쿠션 올뉴 15g", "클리오",
                IMAGES + "0020/A00000020001501ko.jpg", 36000L, 36000L, SaleStatus.SOLD_OUT, "soldout_element",
                "soldout_element"));
    }

    @Test
    void aShownPriceWithoutAnyPurchaseButtonMeansOnSale() throws ScanException {
        assertScan(MOBILE + "A000000200016", snapshot("A000000200016", "웰라쥬 리얼 히알루로닉 블루 100 앰플 75ml", "웰라쥬",
                IMAGES + "0020/A00000020001601ko.jpg", 33000L, 33000L, SaleStatus.ON_SALE, "price_shown",
                "price_shown"));
    }

    @Test
    void aNameWithNoButtonAndNoPriceIsARetryableParseFailureWithThePage() {
        ScanException failure = SnapshotAssertions.assertScanFails(FailureKind.PARSE,
                () -> scanner.scan(URI.create(MOBILE + "A000000200017")));
        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("nothing decides the status"), failure.getMessage());
        assertEvidence(failure, "마녀공장 퓨어 클렌징 오일 200ml");
    }

    // --- deleted, not found, or not rendered (steps 1 and 2, and the platform scanner's name check)

    @Test
    void aPageThatNeverShowsItsProductIsARetryableParseFailureWithThePage() {
        ScanException failure = SnapshotAssertions.assertScanFails(FailureKind.PARSE,
                () -> scanner.scan(URI.create(MOBILE + "A000000200018")));
        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("no product name"), failure.getMessage());
        assertEvidence(failure, "Skeleton_wrap__Qa1Zx");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "A000000999001, 상품을 찾을 수 없습니다",
            "A000000999003, 상품을 찾을 수 없어요",
            "A000000999004, 페이지를 찾을 수 없습니다"})
    void eachNotFoundMessageOfTheOriginalIsNotFound(String id, String message) throws ScanException {
        assertScan(MOBILE + id, notFound(id, "not_found_message", "not_found_message"));
    }

    @Test
    void anErrorPageElementIsNotFound() throws ScanException {
        assertScan(MOBILE + "A000000999005", notFound("A000000999005", "error_title", "error_title"));
    }

    @Test
    void theDeletedProductNameIsNotFound() throws ScanException {
        assertScan(MOBILE + "A000000999006", notFound("A000000999006", "deleted_product", "deleted_name"));
    }

    @Test
    void aRedirectToAnInvalidPageIsNotFound() throws ScanException {
        assertScan(MOBILE + "A000000999002", notFound("A000000999002", "error_page", "error_url"));
        assertEquals(1, mirror.requestCount("m.oliveyoung.co.kr/m/common/invalid.do"));
    }

    @Test
    void aScriptRedirectAfterLoadToTheNoGoodsPageIsNotFound() throws ScanException {
        assertScan(MOBILE + "A000000200006", notFound("A000000200006", "error_page", "error_url"));
        assertEquals(1, mirror.requestCount("m.oliveyoung.co.kr/m/goods/nogoods.do"));
    }

    /** /m/common/error.do was ours, never seen by the original: without a known sign the page is only unreadable. */
    @Test
    void aRedirectToAnErrorPageTheOriginalNeverSawIsAParseFailure() {
        ScanException failure = SnapshotAssertions.assertScanFails(FailureKind.PARSE,
                () -> scanner.scan(URI.create(MOBILE + "A000000200008")));
        assertEvidence(failure, "요청하신 페이지에 오류가 발생했습니다");
    }

    @Test
    void aSaleEndedMessageIsOffSale() throws ScanException {
        assertScan(MOBILE + "A000000200010", snapshot("A000000200010", "아이소이 블레미쉬 케어 업 세럼 35ml", "아이소이",
                IMAGES + "0020/A00000020001001ko.jpg", 35000L, 35000L, SaleStatus.OFF_SALE, "판매종료",
                "off_sale_message"));
    }

    @Test
    void aSaleStoppedMessageIsOffSaleBeforeTheButtonsAreRead() throws ScanException {
        assertScan(MOBILE + "A000000200011", snapshot("A000000200011", "라네즈 워터 슬리핑 마스크 70ml", "라네즈",
                IMAGES + "0020/A00000020001101ko.jpg", 32000L, 32000L, SaleStatus.OFF_SALE, "판매 중지",
                "off_sale_message"));
    }

    // --- failures before reading

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
                                            Long sale, SaleStatus status, String raw, String step) {
        return new ProductSnapshot("oliveyoung", id, MOBILE + id, name, brand, thumbnail, original, sale, status,
                raw, "dom;status=" + step, Instant.EPOCH);
    }

    private static ProductSnapshot notFound(String id, String raw, String step) {
        return ProductSnapshot.notFound("oliveyoung", id, MOBILE + id, raw, "dom;status=" + step, Instant.EPOCH);
    }

    private static void assertScan(String url, ProductSnapshot expected) throws ScanException {
        SnapshotAssertions.assertScan(expected, () -> scanner.scan(URI.create(url)));
    }

    /** The failure carries the page as the browser held it (holding {@code pageText}) and a PNG screenshot. */
    private static void assertEvidence(ScanException failure, String pageText) {
        Map<String, ScanEvidence> evidence = failure.evidence().stream()
                .collect(Collectors.toMap(ScanEvidence::name, item -> item));
        assertEquals(java.util.Set.of("page.html", "screenshot.png"), evidence.keySet(), failure.getMessage());
        String html = new String(evidence.get("page.html").content(), StandardCharsets.UTF_8);
        assertTrue(html.contains(pageText), html);
        byte[] png = evidence.get("screenshot.png").content();
        assertTrue(png.length > 8 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG screenshot");
    }
}
