package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code hwahae-validation-v2} and {@code zigzag-validation-v2} over lists of recorded products, through {@code serve}
 * and a site mirror of fixtures/mirror: right matches and mismatches, and a blocked or malformed answer is a failed
 * product with its failure kind, never a price, while the job goes on to the next product.
 */
class ApiPlatformWorkflowsTest {
    @RegisterExtension
    static final MirroredServe.ForClass serving = MirroredServe.forClass(Map.of(
            "HWAHAE_PACING_MS",
            "0",
            "ZIGZAG_PACING_MS",
            "0",
            "HWAHAE_BACKOFF_BASE_MS",
            "50",
            "ZIGZAG_BACKOFF_BASE_MS",
            "50"));

    @Test
    void hwahaeValidationReportsMatchesMismatchesAndTypedFailures() throws Exception {
        Map<String, JsonNode> results = run(
                "hwahae-validation-v2",
                """
                [{"url": "https://www.hwahae.co.kr/goods/21320", "product_set_id": "h-1",
                  "expected": {"product_name": "라운드랩 1025 독도 토너 200ml", "original_price": 32000,
                               "discounted_price": 25600, "sale_status": "on_sale"}},
                 {"url": "https://www.hwahae.co.kr/goods/40399", "product_set_id": "h-2",
                  "expected": {"discounted_price": 9900, "sale_status": "on_sale"}},
                 {"url": "https://www.hwahae.co.kr/products/dr-g-cream/30001", "product_set_id": "h-3",
                  "expected": {"sale_status": "on_sale"}},
                 {"url": "https://www.hwahae.co.kr/goods/50000", "product_set_id": "h-4",
                  "expected": {"discounted_price": 17900, "sale_status": "on_sale"}},
                 {"url": "https://www.hwahae.co.kr/goods/30002", "product_set_id": "h-5",
                  "expected": {"discounted_price": 21600, "sale_status": "off_sale"}},
                 {"url": "https://www.hwahae.co.kr/goods/40400", "product_set_id": "h-6",
                  "expected": {"sale_status": "on_sale"}},
                 {"url": "https://www.hwahae.co.kr/goods/40300", "product_set_id": "h-7",
                  "expected": {"discounted_price": 19900, "sale_status": "on_sale"}},
                 {"url": "https://www.hwahae.co.kr/goods/60001", "product_set_id": "h-8",
                  "expected": {"discounted_price": 19000}}]""",
                Map.of("total", 8, "success", 5, "not_found", 1, "failed", 2, "match", 3, "mismatch", 3));

        assertMatch(results.get("h-1"), true);
        assertFailed(results.get("h-2"), "blocked");
        assertMatch(results.get("h-3"), false);
        assertEquals(
                "sold_out",
                results.get("h-3").path("fetched").path("sale_status").asText());
        assertFailed(results.get("h-4"), "parse");
        assertEvidenceIsWhatTheSiteSent(results.get("h-4"), "gateway.hwahae.co.kr/errors/truncated.json");
        assertMatch(results.get("h-5"), true);
        assertEquals("not_found", results.get("h-6").path("status").asText());
        assertMatch(results.get("h-6"), false);
        assertMatch(results.get("h-7"), true);
        assertMatch(results.get("h-8"), false);
        assertEquals(
                17600,
                results.get("h-8").path("fetched").path("discounted_price").asLong());
    }

    @Test
    void zigzagValidationReportsMatchesMismatchesTheCrossCheckAndTypedFailures() throws Exception {
        Map<String, JsonNode> results = run(
                "zigzag-validation-v2",
                """
                [{"url": "https://zigzag.kr/catalog/products/100101", "product_set_id": "z-1",
                  "expected": {"product_name": "루즈핏 케이블 니트 가디건", "original_price": 39800, "discounted_price": 29800,
                               "sale_status": "on_sale"}},
                 {"url": "https://zigzag.kr/catalog/products/100102", "product_set_id": "z-2",
                  "expected": {"discounted_price": 15900, "sale_status": "on_sale"}},
                 {"url": "https://zigzag.kr/catalog/products/100113", "product_set_id": "z-3",
                  "expected": {"discounted_price": 10000, "sale_status": "on_sale"}},
                 {"url": "https://zigzag.kr/catalog/products/100104", "product_set_id": "z-4",
                  "expected": {"sale_status": "sold_out"}},
                 {"url": "https://zigzag.kr/catalog/products/100106", "product_set_id": "z-5",
                  "expected": {"sale_status": "on_sale"}},
                 {"url": "https://zigzag.kr/catalog/products/100110", "product_set_id": "z-6",
                  "expected": {"discounted_price": 55200, "sale_status": "on_sale"}},
                 {"url": "https://zigzag.kr/catalog/products/100107", "product_set_id": "z-7",
                  "expected": {"discounted_price": 47200, "sale_status": "on_sale"}},
                 {"url": "https://zigzag.kr/catalog/products/100112", "product_set_id": "z-8",
                  "expected": {"sale_status": "off_sale"}},
                 {"url": "https://zigzag.kr/catalog/products/100109", "product_set_id": "z-9",
                  "expected": {"discounted_price": 69000, "sale_status": "on_sale"}}]""",
                Map.of("total", 9, "success", 7, "not_found", 0, "failed", 2, "match", 5, "mismatch", 2));

        assertMatch(results.get("z-1"), true);
        assertEquals("모디무드", results.get("z-1").path("fetched").path("brand").asText());
        assertEquals(
                "graphql;cross_check=agreed",
                results.get("z-1").path("fetched").path("strategy").asText());
        assertMatch(results.get("z-2"), false);
        assertEquals(
                19900,
                results.get("z-2").path("fetched").path("discounted_price").asLong(),
                "a first-purchase coupon is not the price a returning buyer pays");
        assertFailed(results.get("z-3"), "blocked");
        assertMatch(results.get("z-4"), true);
        assertMatch(results.get("z-5"), false);
        assertEquals(
                "off_sale",
                results.get("z-5").path("fetched").path("sale_status").asText());
        assertEquals(
                "graphql;cross_check=page_wins",
                results.get("z-5").path("fetched").path("strategy").asText());
        assertFailed(results.get("z-6"), "parse");
        assertMatch(results.get("z-7"), true);
        assertEquals(
                "graphql;cross_check=skipped",
                results.get("z-7").path("fetched").path("strategy").asText());
        assertMatch(results.get("z-8"), true);
        assertMatch(results.get("z-9"), true);
    }

    /** Runs the workflow over the products, checks its summary, and returns its results by product set id. */
    private static Map<String, JsonNode> run(String workflowId, String products, Map<String, Integer> summary)
            throws Exception {
        Api.Reply reply = serving.api()
                .post(
                        "/api/v2/workflows/execute",
                        "{\"workflow_id\": \"" + workflowId + "\", \"params\": {\"products\": " + products + "}}");
        assertEquals(202, reply.status(), reply.raw());
        String jobId = reply.body().path("data").path("job_id").asText();
        JsonNode job = serving.api().awaitFinished(jobId, Duration.ofSeconds(120));
        assertEquals(
                "completed",
                job.path("status").asText(),
                job + "\n" + serving.server().output());
        JsonNode actual = job.path("result").path("summary");
        summary.forEach((field, count) -> assertEquals(
                count.intValue(),
                actual.path(field).asInt(),
                field + " in " + actual + "; mirror requests "
                        + serving.mirror().requestCounts()));

        JsonNode items = serving.api()
                .get("/api/v2/jobs/" + jobId + "/results?limit=100")
                .body()
                .path("data")
                .path("items");
        Map<String, JsonNode> byProductSet = new HashMap<>();
        items.forEach(item -> byProductSet.put(item.path("product_set_id").asText(), item));
        assertEquals(summary.get("total").intValue(), byProductSet.size(), items.toString());
        return byProductSet;
    }

    /**
     * A parse failure links what the site sent, and the API serves it back byte for byte, as plain text: someone
     * else's markup is never rendered in the API's origin.
     */
    private static void assertEvidenceIsWhatTheSiteSent(JsonNode result, String fixture) throws Exception {
        JsonNode evidence = result.path("evidence").path(0);
        assertEquals("answer.json", evidence.path("name").asText(), result.toString());
        String url = evidence.path("url").asText();
        assertTrue(url.startsWith("/api/v2/jobs/") && url.contains("/evidence/"), result.toString());
        Api.Reply served = serving.api().get(url);
        assertEquals(200, served.status(), served.raw());
        String sent = Files.readString(MirroredServe.FIXTURES.resolve(fixture));
        assertEquals(sent, served.raw());
        assertEquals(
                404, serving.api().get(url.replace("/evidence/", "/evidence/9")).status());
    }

    private static void assertMatch(JsonNode result, boolean match) {
        assertTrue(result.path("match").isBoolean(), result.toString());
        assertEquals(match, result.path("match").asBoolean(), result.toString());
    }

    private static void assertFailed(JsonNode result, String failureKind) {
        assertEquals("failed", result.path("status").asText(), result.toString());
        assertEquals(failureKind, result.path("failure_kind").asText(), result.toString());
        assertTrue(result.path("fetched").isNull(), "no price from a " + failureKind + " answer: " + result);
        assertTrue(result.path("match").isNull(), result.toString());
        assertFalse(result.path("error").asText().isBlank(), result.toString());
    }
}
