package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.mirror.SiteMirror;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code product-scanner scan <url>} for every recorded case of the browser platforms: the distribution's plugin
 * folders loaded as the runtime loads them, Debian's Chromium driven through the site mirror.
 */
class BrowserScanCommandTest {
    private static SiteMirror mirror;
    private static Map<String, String> env;

    @BeforeAll
    static void startMirror() throws Exception {
        mirror = SiteMirror.start(Path.of(System.getProperty("fixtures.dir", "../fixtures/mirror")), 0);
        env = Map.of("SCANNER_SITE_MIRROR", mirror.url().toString());
    }

    @AfterAll
    static void stopMirror() {
        mirror.close();
    }

    static Stream<Arguments> snapshots() {
        String oy = "https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo=";
        return Stream.of(
                // url, platform, sale_status, raw_status, product_name, original_price, discounted_price, strategy
                Arguments.of(
                        "https://www.oliveyoung.co.kr/store/goods/getGoodsDetail.do?goodsNo=A000000238213",
                        "oliveyoung",
                        "on_sale",
                        "바로구매",
                        "라운드랩 1025 독도 토너 200ml",
                        21000L,
                        14700L,
                        "dom;status=button"),
                Arguments.of(
                        oy + "A000000184228",
                        "oliveyoung",
                        "on_sale",
                        "구매하기",
                        "토리든 다이브인 저분자 히알루론산 세럼 50ml",
                        25000L,
                        25000L,
                        "dom;status=button"),
                Arguments.of(
                        oy + "A000000190001",
                        "oliveyoung",
                        "sold_out",
                        "일시품절",
                        "닥터지 레드 블레미쉬 클리어 수딩 크림 70ml",
                        32000L,
                        25600L,
                        "dom;status=button"),
                Arguments.of(
                        oy + "A000000190002",
                        "oliveyoung",
                        "sold_out",
                        "품절",
                        "아벤느 오 떼르말 미스트 300ml",
                        22000L,
                        22000L,
                        "dom;status=button"),
                Arguments.of(
                        oy + "A000000190003",
                        "oliveyoung",
                        "off_sale",
                        "판매중지",
                        "바닐라코 클린 잇 제로 클렌징 밤 100ml",
                        19800L,
                        19800L,
                        "dom;status=button"),
                Arguments.of(
                        oy + "A000000190004",
                        "oliveyoung",
                        "off_sale",
                        "단종",
                        "이니스프리 그린티 씨드 세럼 80ml (구)",
                        27000L,
                        27000L,
                        "dom;status=button"),
                Arguments.of(
                        oy + "A000000190005",
                        "oliveyoung",
                        "off_sale",
                        "전시기간",
                        "[한정] 올리브영 홀리데이 기프트 세트",
                        39000L,
                        35100L,
                        "dom;status=button"),
                Arguments.of(
                        oy + "A000000155555",
                        "oliveyoung",
                        "on_sale",
                        "장바구니",
                        "메디힐 티트리 에센셜 마스크 10매",
                        20000L,
                        12000L,
                        "dom;status=button"),
                Arguments.of(
                        oy + "A000000999001",
                        "oliveyoung",
                        "not_found",
                        "not_found_message",
                        null,
                        null,
                        null,
                        "dom;status=not_found_message"),
                Arguments.of(
                        oy + "A000000999002",
                        "oliveyoung",
                        "not_found",
                        "error_page",
                        null,
                        null,
                        null,
                        "dom;status=error_url"),
                Arguments.of(
                        "https://m.a-bly.com/goods/48210001",
                        "ably",
                        "on_sale",
                        "ON_SALE",
                        "러블리 꽈배기 니트 가디건",
                        39000L,
                        29900L,
                        "xhr"),
                Arguments.of(
                        "https://m.a-bly.com/goods/48210002",
                        "ably",
                        "sold_out",
                        "SOLD_OUT",
                        "데일리 와이드 데님 팬츠",
                        32000L,
                        32000L,
                        "xhr"),
                Arguments.of(
                        "https://a-bly.com/goods/48210003",
                        "ably",
                        "off_sale",
                        "STOP_SALE",
                        "시즌오프 트위드 자켓",
                        89000L,
                        62300L,
                        "xhr"),
                Arguments.of(
                        "https://m.a-bly.com/goods/48210004",
                        "ably",
                        "on_sale",
                        "ON_SALE",
                        "스트라이프 셔츠 원피스",
                        45000L,
                        36000L,
                        "next_data"),
                Arguments.of(
                        "https://m.a-bly.com/goods/48210005",
                        "ably",
                        "on_sale",
                        "text:on_sale",
                        "코튼 오버핏 맨투맨",
                        null,
                        null,
                        "og_meta;status=body_text"),
                Arguments.of(
                        "https://m.a-bly.com/goods/48210006",
                        "ably",
                        "off_sale",
                        "text:off_sale",
                        "린넨 셔츠 블라우스",
                        null,
                        null,
                        "og_meta;status=body_text"),
                Arguments.of(
                        "https://m.a-bly.com/goods/48210007",
                        "ably",
                        "sold_out",
                        "text:sold_out",
                        "플리츠 롱 스커트",
                        null,
                        null,
                        "og_meta;status=body_text"),
                Arguments.of(
                        "https://m.a-bly.com/goods/48210008",
                        "ably",
                        "off_sale",
                        "redirect:/today",
                        null,
                        null,
                        null,
                        "redirect"),
                Arguments.of(
                        "https://www.kurly.com/goods/5161060",
                        "kurly",
                        "on_sale",
                        "isSoldOut=false",
                        "[농협] 친환경 무농약 당근 1kg",
                        13900L,
                        9900L,
                        "next_data"),
                Arguments.of(
                        "https://kurly.com/goods/5051411",
                        "kurly",
                        "on_sale",
                        "isSoldOut=false",
                        "국산 콩나물 300g",
                        4980L,
                        4980L,
                        "next_data"),
                Arguments.of(
                        "https://www.kurly.com/goods/1000154",
                        "kurly",
                        "sold_out",
                        "isSoldOut=true",
                        "[Kurly's] 동물복지 유정란 10구",
                        6490L,
                        5840L,
                        "next_data"),
                Arguments.of(
                        "https://www.kurly.com/goods/5123456",
                        "kurly",
                        "off_sale",
                        "isSoldOut=null",
                        "한정판 명절 선물세트",
                        65000L,
                        49000L,
                        "next_data"),
                Arguments.of(
                        "https://www.kurly.com/goods/5123457",
                        "kurly",
                        "off_sale",
                        "isSoldOut=null",
                        "단종된 수입 치즈 200g",
                        15800L,
                        15800L,
                        "next_data"),
                Arguments.of(
                        "https://www.kurly.com/goods/9999991",
                        "kurly",
                        "not_found",
                        "http_404",
                        null,
                        null,
                        null,
                        "http_status"),
                Arguments.of(
                        "https://www.kurly.com/goods/9999992",
                        "kurly",
                        "not_found",
                        "no_product",
                        null,
                        null,
                        null,
                        "next_data"));
    }

    @ParameterizedTest(name = "{1} {2} ({3}): {0}")
    @MethodSource("snapshots")
    void printsTheSnapshot(
            String url,
            String platform,
            String saleStatus,
            String rawStatus,
            String name,
            Long originalPrice,
            Long discountedPrice,
            String strategy)
            throws Exception {
        var run = ScannerProcessHandle.run(env, Duration.ofSeconds(90), "scan", url);

        assertEquals(0, run.exitCode(), run.output());
        JsonNode snapshot = lastLineAsJson(run.output());
        assertEquals(platform, snapshot.path("platform").asText(), snapshot.toString());
        assertEquals(saleStatus, snapshot.path("sale_status").asText(), snapshot.toString());
        assertEquals(rawStatus, snapshot.path("raw_status").asText(), snapshot.toString());
        assertEquals(
                name,
                snapshot.path("product_name").isNull()
                        ? null
                        : snapshot.path("product_name").asText());
        assertEquals(
                originalPrice,
                snapshot.path("original_price").isNull()
                        ? null
                        : snapshot.path("original_price").asLong(),
                snapshot.toString());
        assertEquals(
                discountedPrice,
                snapshot.path("discounted_price").isNull()
                        ? null
                        : snapshot.path("discounted_price").asLong(),
                snapshot.toString());
        assertEquals(strategy, snapshot.path("strategy").asText(), snapshot.toString());
    }

    @ParameterizedTest(name = "{0} fails as {1}")
    @CsvSource({
        "https://www.kurly.com/goods/5000503, network",
        "https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo=A000000429429, blocked"
    })
    void aFailedScanExitsNonZeroWithTheFailureKind(String url, String kind) throws Exception {
        var run = ScannerProcessHandle.run(env, Duration.ofSeconds(90), "scan", url);

        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains("scan failed (" + kind + ", may succeed if retried)"), run.output());
    }

    private static JsonNode lastLineAsJson(String output) throws Exception {
        String[] lines = output.strip().split("\n");
        return Api.JSON.readTree(lines[lines.length - 1]);
    }
}
