package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.mirror.SiteMirror;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code product-scanner scan <url>}: one product, in-process, printed as JSON. */
class ScanCommandTest {
    private static SiteMirror mirror;
    private static Map<String, String> env;

    @BeforeAll
    static void startMirror() throws Exception {
        mirror = SiteMirror.start(Path.of(System.getProperty("fixtures.dir", "../fixtures/mirror")), 0);
        env = Map.of("SCANNER_SITE_MIRROR", mirror.url().toString(), "MUSINSA_PACING_MS", "0");
    }

    @AfterAll
    static void stopMirror() {
        mirror.close();
    }

    private static JsonNode lastLineAsJson(String output) throws Exception {
        String[] lines = output.strip().split("\n");
        return Api.JSON.readTree(lines[lines.length - 1]);
    }

    @Test
    void aProductOnSalePrintsItsSnapshot() throws Exception {
        var run = ScannerProcessHandle.run(
                env, Duration.ofSeconds(60), "scan", "https://www.musinsa.com/products/3674341");
        assertEquals(0, run.exitCode(), run.output());
        JsonNode snapshot = lastLineAsJson(run.output());
        assertEquals("musinsa", snapshot.path("platform").asText());
        assertEquals("3674341", snapshot.path("product_id").asText());
        assertEquals(
                "https://www.musinsa.com/products/3674341", snapshot.path("url").asText());
        assertEquals("릴렉스 핏 크루 넥 반팔 티셔츠 [화이트]", snapshot.path("product_name").asText());
        assertEquals("무신사 스탠다드", snapshot.path("brand").asText());
        assertEquals(19900, snapshot.path("original_price").asLong());
        assertEquals(14900, snapshot.path("discounted_price").asLong());
        assertEquals("on_sale", snapshot.path("sale_status").asText());
        assertEquals("SALE", snapshot.path("raw_status").asText());
        assertEquals("api", snapshot.path("strategy").asText());
        assertTrue(snapshot.path("scanned_at").asText().endsWith("Z"));
    }

    @Test
    void aDeletedProductIsAResultNotAnError() throws Exception {
        var run = ScannerProcessHandle.run(
                env, Duration.ofSeconds(60), "scan", "https://www.musinsa.com/products/1000001");
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(
                "not_found", lastLineAsJson(run.output()).path("sale_status").asText());
    }

    @Test
    void aUrlNoPluginAcceptsFailsWithAMessage() throws Exception {
        var run = ScannerProcessHandle.run(env, Duration.ofSeconds(60), "scan", "https://example.com/item/1");
        assertNotEquals(0, run.exitCode());
        assertTrue(
                run.output().contains("no plugin accepts https://example.com/item/1; loaded platforms: "),
                run.output());
        for (String platform : new String[] {"ably", "hwahae", "kurly", "musinsa", "oliveyoung", "zigzag"}) {
            assertTrue(run.output().contains(platform), platform + " is loaded: " + run.output());
        }
    }

    @Test
    void anUnreadableAnswerFailsWithTheFailureKind() throws Exception {
        var run = ScannerProcessHandle.run(
                env, Duration.ofSeconds(60), "scan", "https://www.musinsa.com/products/3333333");
        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains("scan failed (parse, may succeed if retried)"), run.output());
    }
}
