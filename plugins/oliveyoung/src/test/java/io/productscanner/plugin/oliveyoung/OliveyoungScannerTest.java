package io.productscanner.plugin.oliveyoung;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scans the recorded oliveyoung pages in fixtures/mirror/m.oliveyoung.co.kr with the system's Chromium, one decision
 * step of the original (OliveyoungSaleStatusExtractor, OliveyoungPlatformScanner) after another. The waits are
 * shortened so that the pages which never show what is waited for do not slow the suite; the late page's delays
 * (up to 1.2 s) still fall inside them.
 */
class OliveyoungScannerTest {
    private static final String PAGE = "m.oliveyoung.co.kr/m/goods/getGoodsDetail.do";
    private static final String MOBILE = "https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo=";
    private static final String IMAGES =
            "https://image.oliveyoung.co.kr/cfimages/cf-goods/uploads/images/thumbnails/550/10/0000/";

    @RegisterExtension
    static final FixtureMirror mirror = new FixtureMirror();

    private static ProductScanner scanner;

    /** One browser for the class: the mirror starts before and stops after these. */
    @BeforeAll
    static void startScanner() {
        scanner = new OliveyoungPlugin()
                .createScanner(mirror.context(Map.of(
                        "OLIVEYOUNG_RENDER_TIMEOUT_MS", "2500",
                        "OLIVEYOUNG_SETTLE_TIMEOUT_MS", "1000",
                        "OLIVEYOUNG_THUMBNAIL_TIMEOUT_MS", "1000")));
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
                // --- the purchase buttons (step 3): every button in page order, visible ones first
                argumentSet(
                        "one amount is both prices and a banner is no thumbnail",
                        MOBILE + "A000000184228",
                        product("A000000184228")
                                .productName("토리든 다이브인 저분자 히알루론산 세럼 50ml")
                                .brand("토리든")
                                .originalPrice(25000L)
                                .discountedPrice(25000L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("구매하기")
                                .strategy("dom;status=button")
                                .build()),
                argumentSet(
                        "temporarily sold out is sold out with its own raw status",
                        MOBILE + "A000000190001",
                        product("A000000190001")
                                .productName("닥터지 레드 블레미쉬 클리어 수딩 크림 70ml")
                                .brand("닥터지")
                                .thumbnail(IMAGES + "0000/A00000019000101ko.jpg")
                                .originalPrice(32000L)
                                .discountedPrice(25600L)
                                .saleStatus(SaleStatus.SOLD_OUT)
                                .rawStatus("일시품절")
                                .strategy("dom;status=button")
                                .build()),
                argumentSet(
                        "sold out",
                        MOBILE + "A000000190002",
                        product("A000000190002")
                                .productName("아벤느 오 떼르말 미스트 300ml")
                                .brand("아벤느")
                                .thumbnail(IMAGES + "0000/A00000019000201ko.jpg")
                                .originalPrice(22000L)
                                .discountedPrice(22000L)
                                .saleStatus(SaleStatus.SOLD_OUT)
                                .rawStatus("품절")
                                .strategy("dom;status=button")
                                .build()),
                argumentSet(
                        "stopped sale is off sale",
                        MOBILE + "A000000190003",
                        product("A000000190003")
                                .productName("바닐라코 클린 잇 제로 클렌징 밤 100ml")
                                .brand("바닐라코")
                                .thumbnail(IMAGES + "0000/A00000019000301ko.jpg")
                                .originalPrice(19800L)
                                .discountedPrice(19800L)
                                .saleStatus(SaleStatus.OFF_SALE)
                                .rawStatus("판매중지")
                                .strategy("dom;status=button")
                                .build()),
                argumentSet(
                        "discontinued is off sale",
                        MOBILE + "A000000190004",
                        product("A000000190004")
                                .productName("이니스프리 그린티 씨드 세럼 80ml (구)")
                                .brand("이니스프리")
                                .thumbnail(IMAGES + "0000/A00000019000401ko.jpg")
                                .originalPrice(27000L)
                                .discountedPrice(27000L)
                                .saleStatus(SaleStatus.OFF_SALE)
                                .rawStatus("단종")
                                .strategy("dom;status=button")
                                .build()),
                argumentSet(
                        "an ended display period is off sale",
                        MOBILE + "A000000190005",
                        product("A000000190005")
                                .productName("[한정] 올리브영 홀리데이 기프트 세트")
                                .brand("올리브영")
                                .thumbnail(IMAGES + "0000/A00000019000501ko.jpg")
                                .originalPrice(39000L)
                                .discountedPrice(35100L)
                                .saleStatus(SaleStatus.OFF_SALE)
                                .rawStatus("전시기간")
                                .strategy("dom;status=button")
                                .build()),
                // The user report: buttons in a container no selector of ours named gave "(buttons: [])".
                argumentSet(
                        "purchase buttons outside every named container still decide",
                        MOBILE + "A000000200001",
                        product("A000000200001")
                                .productName("메디힐 마데카소사이드 흔적 패드 100매")
                                .brand("메디힐")
                                .thumbnail(IMAGES + "0020/A00000020000101ko.jpg")
                                .originalPrice(26000L)
                                .discountedPrice(20800L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("바로구매")
                                .strategy("dom;status=button")
                                .build()),
                argumentSet(
                        "the generated class layout is read through the name chain and the headings price block",
                        MOBILE + "A000000200002",
                        product("A000000200002")
                                .productName("라운드랩 자작나무 수분 크림 80ml")
                                .brand("라운드랩")
                                .thumbnail(IMAGES + "0020/A00000020000201ko.jpg")
                                .originalPrice(28000L)
                                .discountedPrice(21000L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("바로구매")
                                .strategy("dom;status=button")
                                .build()),
                argumentSet(
                        "a hidden sold out button loses to a visible buy button",
                        MOBILE + "A000000200003",
                        product("A000000200003")
                                .productName("에스트라 아토베리어365 크림 80ml")
                                .brand("에스트라")
                                .thumbnail(IMAGES + "0020/A00000020000301ko.jpg")
                                .originalPrice(31000L)
                                .discountedPrice(31000L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("구매하기")
                                .strategy("dom;status=button")
                                .build()),
                argumentSet(
                        "a hidden button decides when no button with a known text is visible",
                        MOBILE + "A000000200019",
                        product("A000000200019")
                                .productName("이니스프리 레티놀 시카 흔적 앰플 30ml")
                                .brand("이니스프리")
                                .thumbnail(IMAGES + "0020/A00000020001901ko.jpg")
                                .originalPrice(36000L)
                                .discountedPrice(36000L)
                                .saleStatus(SaleStatus.SOLD_OUT)
                                .rawStatus("일시품절")
                                .strategy("dom;status=button")
                                .build()),

                // --- preparing the page: late content, overlays, the desktop layout
                argumentSet(
                        "content inserted after dom content loaded is waited for",
                        MOBILE + "A000000200004",
                        product("A000000200004")
                                .productName("토리든 다이브인 저분자 히알루론산 수딩 크림 100ml")
                                .brand("토리든")
                                .thumbnail(IMAGES + "0020/A00000020000401ko.jpg")
                                .originalPrice(26000L)
                                .discountedPrice(23400L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("바로구매")
                                .strategy("dom;status=button")
                                .build()),
                argumentSet(
                        "overlays in front of the page are not read",
                        MOBILE + "A000000200005",
                        product("A000000200005")
                                .productName("닥터지 레드 블레미쉬 클리어 수딩 토너 200ml")
                                .brand("닥터지")
                                .thumbnail(IMAGES + "0020/A00000020000501ko.jpg")
                                .originalPrice(22000L)
                                .discountedPrice(22000L)
                                .saleStatus(SaleStatus.SOLD_OUT)
                                .rawStatus("일시품절")
                                .strategy("dom;status=button")
                                .build()),

                // --- after the buttons (steps 4 to 8)
                argumentSet(
                        "a buy element that is no button means on sale",
                        MOBILE + "A000000200014",
                        product("A000000200014")
                                .productName("라로슈포제 시카플라스트 밤 B5+ 40ml")
                                .brand("라로슈포제")
                                .thumbnail(IMAGES + "0020/A00000020001401ko.jpg")
                                .originalPrice(28000L)
                                .discountedPrice(21000L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("buy_element")
                                .strategy("dom;status=buy_element")
                                .build()),
                argumentSet(
                        "a restock button alone means temporarily sold out",
                        MOBILE + "A000000200013",
                        product("A000000200013")
                                .productName("아벤느 시칼파트 플러스 크림 40ml")
                                .brand("아벤느")
                                .thumbnail(IMAGES + "0020/A00000020001301ko.jpg")
                                .originalPrice(28000L)
                                .discountedPrice(28000L)
                                .saleStatus(SaleStatus.SOLD_OUT)
                                .rawStatus("restock")
                                .strategy("dom;status=restock")
                                .build()),
                argumentSet(
                        "a sold out element means sold out",
                        MOBILE + "A000000200015",
                        product("A000000200015")
                                .productName("클리오 킬커버 파운웨어 쿠션 올뉴 15g")
                                .brand("클리오")
                                .thumbnail(IMAGES + "0020/A00000020001501ko.jpg")
                                .originalPrice(36000L)
                                .discountedPrice(36000L)
                                .saleStatus(SaleStatus.SOLD_OUT)
                                .rawStatus("soldout_element")
                                .strategy("dom;status=soldout_element")
                                .build()),
                argumentSet(
                        "a shown price without any purchase button means on sale",
                        MOBILE + "A000000200016",
                        product("A000000200016")
                                .productName("웰라쥬 리얼 히알루로닉 블루 100 앰플 75ml")
                                .brand("웰라쥬")
                                .thumbnail(IMAGES + "0020/A00000020001601ko.jpg")
                                .originalPrice(33000L)
                                .discountedPrice(33000L)
                                .saleStatus(SaleStatus.ON_SALE)
                                .rawStatus("price_shown")
                                .strategy("dom;status=price_shown")
                                .build()),

                // --- deleted, not found, or not rendered (steps 1 and 2, and the platform scanner's name check)
                argumentSet(
                        "an error page element is not found",
                        MOBILE + "A000000999005",
                        product("A000000999005")
                                .saleStatus(SaleStatus.NOT_FOUND)
                                .rawStatus("error_title")
                                .strategy("dom;status=error_title")
                                .build()),
                argumentSet(
                        "the deleted product name is not found",
                        MOBILE + "A000000999006",
                        product("A000000999006")
                                .saleStatus(SaleStatus.NOT_FOUND)
                                .rawStatus("deleted_product")
                                .strategy("dom;status=deleted_name")
                                .build()),
                argumentSet(
                        "a sale ended message is off sale",
                        MOBILE + "A000000200010",
                        product("A000000200010")
                                .productName("아이소이 블레미쉬 케어 업 세럼 35ml")
                                .brand("아이소이")
                                .thumbnail(IMAGES + "0020/A00000020001001ko.jpg")
                                .originalPrice(35000L)
                                .discountedPrice(35000L)
                                .saleStatus(SaleStatus.OFF_SALE)
                                .rawStatus("판매종료")
                                .strategy("dom;status=off_sale_message")
                                .build()),
                argumentSet(
                        "a sale stopped message is off sale before the buttons are read",
                        MOBILE + "A000000200011",
                        product("A000000200011")
                                .productName("라네즈 워터 슬리핑 마스크 70ml")
                                .brand("라네즈")
                                .thumbnail(IMAGES + "0020/A00000020001101ko.jpg")
                                .originalPrice(32000L)
                                .discountedPrice(32000L)
                                .saleStatus(SaleStatus.OFF_SALE)
                                .rawStatus("판매 중지")
                                .strategy("dom;status=off_sale_message")
                                .build()));
    }

    // --- the purchase buttons (step 3): every button in page order, visible ones first

    @Test
    void onSaleWithADiscount() throws ScanException {
        assertScan(
                MOBILE + "A000000238213",
                product("A000000238213")
                        .productName("라운드랩 1025 독도 토너 200ml")
                        .brand("라운드랩")
                        .thumbnail(IMAGES + "0082/A00000023821301ko.jpg")
                        .originalPrice(21000L)
                        .discountedPrice(14700L)
                        .saleStatus(SaleStatus.ON_SALE)
                        .rawStatus("바로구매")
                        .strategy("dom;status=button")
                        .build());
        assertEquals(1, mirror.requestCount(PAGE));
    }

    @Test
    void aDesktopUrlIsReadOnTheMobilePage() throws ScanException {
        assertScan(
                "https://www.oliveyoung.co.kr/store/goods/getGoodsDetail.do?goodsNo=A000000238213&dispCatNo=100",
                product("A000000238213")
                        .productName("라운드랩 1025 독도 토너 200ml")
                        .brand("라운드랩")
                        .thumbnail(IMAGES + "0082/A00000023821301ko.jpg")
                        .originalPrice(21000L)
                        .discountedPrice(14700L)
                        .saleStatus(SaleStatus.ON_SALE)
                        .rawStatus("바로구매")
                        .strategy("dom;status=button")
                        .build());
        assertEquals(1, mirror.requestCount(PAGE));
        assertTrue(
                mirror.requestCounts().keySet().stream().noneMatch(path -> path.startsWith("www.")),
                "never the desktop page: " + mirror.requestCounts());
    }

    // --- preparing the page: late content, overlays, the desktop layout

    @Test
    void theDesktopLayoutIsReloadedOnceAndTheMobileLayoutThenRead() throws ScanException {
        assertScan(
                MOBILE + "A000000200012",
                product("A000000200012")
                        .productName("바이오더마 센시비오 H2O 500ml")
                        .brand("바이오더마")
                        .thumbnail(IMAGES.replace("/550/", "/1000/") + "0020/A00000020001201ko.jpg")
                        .originalPrice(32000L)
                        .discountedPrice(22400L)
                        .saleStatus(SaleStatus.ON_SALE)
                        .rawStatus("바로구매")
                        .strategy("dom;status=button")
                        .build());
        assertEquals(2, mirror.requestCount(PAGE), "loaded, then reloaded once");
    }

    @Test
    void aDesktopLayoutServedAgainAfterTheReloadIsReadThroughTheFallbackSelectors() throws ScanException {
        assertScan(
                MOBILE + "A000000155555",
                product("A000000155555")
                        .productName("메디힐 티트리 에센셜 마스크 10매")
                        .brand("메디힐")
                        .thumbnail(IMAGES + "0015/A00000015555501ko.jpg")
                        .originalPrice(20000L)
                        .discountedPrice(12000L)
                        .saleStatus(SaleStatus.ON_SALE)
                        .rawStatus("장바구니")
                        .strategy("dom;status=button")
                        .build());
        assertEquals(2, mirror.requestCount(PAGE), "loaded, then reloaded once only");
    }

    // --- after the buttons (steps 4 to 8)

    @Test
    void aNameWithNoButtonAndNoPriceIsARetryableParseFailureWithThePage() {
        ScanException failure = SnapshotAssertions.assertScanFails(
                FailureKind.PARSE, () -> scanner.scan(URI.create(MOBILE + "A000000200017")));
        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("nothing decides the status"), failure.getMessage());
        assertEvidence(failure, "마녀공장 퓨어 클렌징 오일 200ml");
    }

    // --- deleted, not found, or not rendered (steps 1 and 2, and the platform scanner's name check)

    @Test
    void aPageThatNeverShowsItsProductIsARetryableParseFailureWithThePage() {
        ScanException failure = SnapshotAssertions.assertScanFails(
                FailureKind.PARSE, () -> scanner.scan(URI.create(MOBILE + "A000000200018")));
        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("no product name"), failure.getMessage());
        assertEvidence(failure, "Skeleton_wrap__Qa1Zx");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"A000000999001, 상품을 찾을 수 없습니다", "A000000999003, 상품을 찾을 수 없어요", "A000000999004, 페이지를 찾을 수 없습니다"})
    void eachNotFoundMessageOfTheOriginalIsNotFound(String id, String message) throws ScanException {
        assertScan(
                MOBILE + id,
                product(id)
                        .saleStatus(SaleStatus.NOT_FOUND)
                        .rawStatus("not_found_message")
                        .strategy("dom;status=not_found_message")
                        .build());
    }

    @Test
    void aRedirectToAnInvalidPageIsNotFound() throws ScanException {
        assertScan(
                MOBILE + "A000000999002",
                product("A000000999002")
                        .saleStatus(SaleStatus.NOT_FOUND)
                        .rawStatus("error_page")
                        .strategy("dom;status=error_url")
                        .build());
        assertEquals(1, mirror.requestCount("m.oliveyoung.co.kr/m/common/invalid.do"));
    }

    @Test
    void aScriptRedirectAfterLoadToTheNoGoodsPageIsNotFound() throws ScanException {
        assertScan(
                MOBILE + "A000000200006",
                product("A000000200006")
                        .saleStatus(SaleStatus.NOT_FOUND)
                        .rawStatus("error_page")
                        .strategy("dom;status=error_url")
                        .build());
        assertEquals(1, mirror.requestCount("m.oliveyoung.co.kr/m/goods/nogoods.do"));
    }

    /** /m/common/error.do was ours, never seen by the original: without a known sign the page is only unreadable. */
    @Test
    void aRedirectToAnErrorPageTheOriginalNeverSawIsAParseFailure() {
        ScanException failure = SnapshotAssertions.assertScanFails(
                FailureKind.PARSE, () -> scanner.scan(URI.create(MOBILE + "A000000200008")));
        assertEvidence(failure, "요청하신 페이지에 오류가 발생했습니다");
    }

    // --- failures before reading

    @Test
    void rateLimitingIsBlocked() {
        ScanException failure =
                assertThrows(ScanException.class, () -> scanner.scan(URI.create(MOBILE + "A000000429429")));
        assertEquals(FailureKind.BLOCKED, failure.kind());
        assertTrue(failure.retryable());
    }

    @Test
    void anInvalidUrlFailsWithoutARequest() {
        ScanException failure = SnapshotAssertions.assertScanFails(
                FailureKind.INVALID_URL, () -> scanner.scan(URI.create("https://m.oliveyoung.co.kr/m/main/main.do")));
        assertTrue(failure.getMessage().contains("goodsNo="), failure.getMessage());
        assertEquals(Map.of(), mirror.requestCounts());
    }

    /** Product {@code id} as its recorded mobile page shows it; the scan time is never compared. */
    private static ProductSnapshot.Builder product(String id) {
        return ProductSnapshot.builder("oliveyoung", id).url(MOBILE + id).scannedAt(Instant.EPOCH);
    }

    private static void assertScan(String url, ProductSnapshot expected) throws ScanException {
        SnapshotAssertions.assertScan(expected, () -> scanner.scan(URI.create(url)));
    }

    /** The failure carries the page as the browser held it (holding {@code pageText}) and a PNG screenshot. */
    private static void assertEvidence(ScanException failure, String pageText) {
        Map<String, ScanEvidence> evidence =
                failure.evidence().stream().collect(Collectors.toMap(ScanEvidence::name, item -> item));
        assertEquals(Set.of("page.html", "screenshot.png"), evidence.keySet(), failure.getMessage());
        String html = new String(evidence.get("page.html").content(), StandardCharsets.UTF_8);
        assertTrue(html.contains(pageText), html);
        byte[] png = evidence.get("screenshot.png").content();
        assertTrue(png.length > 8 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG screenshot");
    }
}
