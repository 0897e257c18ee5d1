package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.mirror.SiteMirror;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code product-scanner scan <url>} through the built distribution for every recorded case of the API platforms
 * hwahae and zigzag (and musinsa's blocked-then-answered case), against a site mirror of fixtures/mirror.
 */
class ApiPlatformScanCommandTest {
    private static SiteMirror mirror;
    private static Map<String, String> env;

    @BeforeAll
    static void startMirror() throws Exception {
        mirror = SiteMirror.start(Path.of(System.getProperty("fixtures.dir", "../fixtures/mirror")), 0);
        env = Map.ofEntries(
                Map.entry("SCANNER_SITE_MIRROR", mirror.url().toString()),
                Map.entry("HWAHAE_PACING_MS", "0"),
                Map.entry("ZIGZAG_PACING_MS", "0"),
                Map.entry("MUSINSA_PACING_MS", "0"),
                Map.entry("HWAHAE_BACKOFF_BASE_MS", "50"),
                Map.entry("ZIGZAG_BACKOFF_BASE_MS", "50"),
                Map.entry("MUSINSA_BACKOFF_BASE_MS", "50"));
    }

    @AfterAll
    static void stopMirror() {
        mirror.close();
    }

    @BeforeEach
    void resetMirror() {
        // routes answering a 403 once count from here
        mirror.resetCounts();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # url                                          | name                          | brand | original | sale  | status   | raw     | strategy
            https://www.hwahae.co.kr/goods/21320           | 라운드랩 1025 독도 토너 200ml  | -     | 32000    | 25600 | on_sale  | SELNG   | api
            https://www.hwahae.co.kr/goods/30001           | 닥터지 레드 블레미쉬 클리어 수딩 크림 70ml | - | 38000 | 38000 | sold_out | SLDOT | api
            https://www.hwahae.co.kr/goods/30002           | [단종] 이니스프리 그린티 씨드 세럼 80ml | - | 27000 | 21600 | off_sale | STSEL   | api
            https://www.hwahae.co.kr/goods/40400           | -                             | -     | -        | -     | not_found | HTTP_404 | api
            https://www.hwahae.co.kr/goods/40300           | 아누아 어성초 77 수딩 토너 250ml | -    | 30000    | 19900 | on_sale  | SELNG   | api
            https://www.hwahae.co.kr/goods/60001           | 토리든 다이브인 세럼 50ml        | -     | 22000    | 17600 | on_sale  | SELNG   | api
            https://zigzag.kr/catalog/products/100101      | 루즈핏 케이블 니트 가디건        | 모디무드 | 39800  | 29800 | on_sale  | ON_SALE | graphql;cross_check=agreed
            https://zigzag.kr/catalog/products/100102      | 하이웨스트 부츠컷 데님 팬츠      | 베니토  | 32000   | 19900 | on_sale  | ON_SALE | graphql;cross_check=agreed
            https://zigzag.kr/catalog/products/100103      | 울 블렌드 핸드메이드 코트        | 어텀노트 | 129000 | 99000 | on_sale  | ON_SALE | graphql;cross_check=agreed
            https://zigzag.kr/catalog/products/100104      | 골지 반목 폴라 티셔츠           | 모디무드 | 19800  | 15800 | sold_out | SOLD_OUT | graphql;cross_check=agreed
            https://zigzag.kr/catalog/products/100105      | 코듀로이 와이드 팬츠            | 베니토  | 36000   | 28800 | off_sale | SUSPENDED | graphql;cross_check=agreed
            https://zigzag.kr/catalog/products/100106      | 체크 울 머플러                 | 어텀노트 | 25000  | 19900 | off_sale | SUSPENDED | graphql;cross_check=page_wins
            https://zigzag.kr/catalog/products/100114      | 스트링 와이드 조거 팬츠          | 베니토  | 29000   | 23200 | on_sale  | ON_SALE   | graphql;cross_check=page_wins
            https://zigzag.kr/catalog/products/100107      | 캐시미어 라운드 니트            | 모디무드 | 59000  | 47200 | on_sale  | ON_SALE | graphql;cross_check=skipped
            https://zigzag.kr/catalog/products/100108      | 레더 미니 크로스백              | 베니토  | 45000   | 39900 | on_sale  | ON_SALE | graphql;cross_check=skipped
            https://zigzag.kr/catalog/products/100109      | 퍼 후드 숏 패딩                | 어텀노트 | 89000  | 69000 | on_sale  | ON_SALE | graphql;cross_check=agreed
            https://zigzag.kr/catalog/products/100111      | 기본 코튼 반팔 티셔츠           | -      | 12900   | 9900  | on_sale  | ON_SALE | graphql;cross_check=agreed
            https://zigzag.kr/catalog/products/100112      | -                             | -     | -        | -     | off_sale | CATALOG_PRODUCT_NULL | graphql;catalog_product=null
            https://www.musinsa.com/products/4030001       | 스탠다드 후드 집업 [멜란지 그레이] | 무신사 스탠다드 | 59900 | 47900 | on_sale | SALE | api
            """)
    void printsTheSnapshot(
            String url,
            String name,
            String brand,
            Long original,
            Long sale,
            String status,
            String rawStatus,
            String strategy)
            throws Exception {
        var run = ScannerProcessHandle.run(env, Duration.ofSeconds(60), "scan", url);

        assertEquals(0, run.exitCode(), run.output());
        JsonNode snapshot = lastLineAsJson(run.output());
        assertEquals(name, text(snapshot, "product_name"), snapshot.toString());
        assertEquals(brand, text(snapshot, "brand"), snapshot.toString());
        assertEquals(original, number(snapshot, "original_price"), snapshot.toString());
        assertEquals(sale, number(snapshot, "discounted_price"), snapshot.toString());
        assertEquals(status, text(snapshot, "sale_status"), snapshot.toString());
        assertEquals(rawStatus, text(snapshot, "raw_status"), snapshot.toString());
        assertEquals(strategy, text(snapshot, "strategy"), snapshot.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            https://www.hwahae.co.kr/goods/40399      | scan failed (blocked, may succeed if retried)
            https://www.hwahae.co.kr/goods/50000      | scan failed (parse, may succeed if retried)
            https://zigzag.kr/catalog/products/100113 | scan failed (blocked, may succeed if retried)
            https://zigzag.kr/catalog/products/100110 | scan failed (parse, may succeed if retried)
            https://www.hwahae.co.kr/rankings         | no plugin accepts https://www.hwahae.co.kr/rankings
            """)
    void failsWithTheTypedFailureAndNoSnapshot(String url, String message) throws Exception {
        var run = ScannerProcessHandle.run(env, Duration.ofSeconds(60), "scan", url);

        assertTrue(run.exitCode() != 0, run.output());
        assertTrue(run.output().contains(message), run.output());
        assertTrue(!run.output().contains("\"discounted_price\""), "no price printed: " + run.output());
    }

    @org.junit.jupiter.api.Test
    void anUnreadableAnswerIsSavedWhereAskedAndNamedOtherwise(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        String url = "https://www.hwahae.co.kr/goods/50000";
        var named = ScannerProcessHandle.run(env, Duration.ofSeconds(60), "scan", url);
        assertTrue(
                named.output().contains("what the site sent was kept (answer.json): add --evidence-dir DIR to save it"),
                named.output());

        var saved =
                ScannerProcessHandle.run(env, Duration.ofSeconds(60), "scan", url, "--evidence-dir", dir.toString());

        assertEquals(1, saved.exitCode(), saved.output());
        assertEquals(
                Files.readString(Path.of(System.getProperty("fixtures.dir", "../fixtures/mirror"))
                        .resolve("gateway.hwahae.co.kr/errors/truncated.json")),
                Files.readString(dir.resolve("answer.json")));
        assertTrue(saved.output().contains("evidence: " + dir.resolve("answer.json")), saved.output());
    }

    private static JsonNode lastLineAsJson(String output) throws Exception {
        String[] lines = output.strip().split("\n");
        return Api.JSON.readTree(lines[lines.length - 1]);
    }

    private static String text(JsonNode snapshot, String field) {
        return snapshot.path(field).isNull() ? null : snapshot.path(field).asText();
    }

    private static Long number(JsonNode snapshot, String field) {
        return snapshot.path(field).isNull() ? null : snapshot.path(field).asLong();
    }
}
