package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each browser platform's {@code {platform}-validation-v2} workflow in one {@code serve} process: products scanned
 * in Chromium through the site mirror and compared with what the catalog expects.
 */
class BrowserValidationWorkflowTest {

    @RegisterExtension
    static final MirroredServe.ForClass serving =
            MirroredServe.forClass(Map.of("WORKER_PLATFORMS", "oliveyoung,ably,kurly"));

    @Test
    void oliveyoungMatchesAndMismatches() throws Exception {
        String oy = "https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo=";
        JsonNode items = validate("oliveyoung", """
                [{"url": "https://www.oliveyoung.co.kr/store/goods/getGoodsDetail.do?goodsNo=A000000238213",
                  "product_set_id": "oy-1",
                  "expected": {"product_name": "라운드랩 1025 독도 토너 200ml", "original_price": 21000,
                               "discounted_price": 14700, "sale_status": "on_sale"}},
                 {"url": "%1$sA000000190001", "product_set_id": "oy-2", "expected": {"sale_status": "on_sale"}},
                 {"url": "%1$sA000000999002", "product_set_id": "oy-3", "expected": {"sale_status": "not_found"}},
                 {"url": "%1$sA000000184228", "product_set_id": "oy-4", "expected": {"discounted_price": 23000}}]
                """.formatted(oy), 4, 2, 2, 1);
        assertMatch(items.get(0), true, Map.of());
        assertMatch(items.get(1), false, Map.of("sale_status", false));
        assertEquals(
                "sold_out", items.get(1).path("fetched").path("sale_status").asText());
        assertMatch(items.get(2), true, Map.of());
        assertEquals("not_found", items.get(2).path("status").asText());
        assertMatch(items.get(3), false, Map.of("discounted_price", false));
        assertEquals(
                25000, items.get(3).path("fetched").path("discounted_price").asLong());
    }

    @Test
    void ablyMatchesAndMismatches() throws Exception {
        JsonNode items = validate("ably", """
                [{"url": "https://m.a-bly.com/goods/48210001", "product_set_id": "ab-1",
                  "expected": {"original_price": 39000, "discounted_price": 29900, "sale_status": "on_sale"}},
                 {"url": "https://m.a-bly.com/goods/48210004", "product_set_id": "ab-2",
                  "expected": {"original_price": 45000, "sale_status": "on_sale"}},
                 {"url": "https://m.a-bly.com/goods/48210006", "product_set_id": "ab-3",
                  "expected": {"sale_status": "on_sale"}},
                 {"url": "https://m.a-bly.com/goods/48210008", "product_set_id": "ab-4",
                  "expected": {"sale_status": "on_sale"}}]
                """, 4, 2, 2, 0);
        assertMatch(items.get(0), true, Map.of());
        assertMatch(items.get(1), true, Map.of());
        assertEquals(
                "next_data",
                items.get(1)
                        .path("fetched")
                        .path("strategy")
                        .asText(items.get(1).toString()));
        assertMatch(items.get(2), false, Map.of("sale_status", false));
        assertEquals(
                "off_sale", items.get(2).path("fetched").path("sale_status").asText());
        assertMatch(items.get(3), false, Map.of("sale_status", false));
        assertEquals(
                "off_sale", items.get(3).path("fetched").path("sale_status").asText());
    }

    @Test
    void kurlyMatchesAndMismatches() throws Exception {
        JsonNode items = validate("kurly", """
                [{"url": "https://www.kurly.com/goods/5161060", "product_set_id": "ku-1",
                  "expected": {"original_price": 13900, "discounted_price": 9900, "sale_status": "on_sale"}},
                 {"url": "https://www.kurly.com/goods/1000154", "product_set_id": "ku-2",
                  "expected": {"sale_status": "on_sale"}},
                 {"url": "https://www.kurly.com/goods/9999991", "product_set_id": "ku-3",
                  "expected": {"sale_status": "not_found"}},
                 {"url": "https://www.kurly.com/goods/5123456", "product_set_id": "ku-4",
                  "expected": {"discounted_price": 49000, "sale_status": "off_sale"}}]
                """, 4, 3, 1, 1);
        assertMatch(items.get(0), true, Map.of());
        assertMatch(items.get(1), false, Map.of("sale_status", false));
        assertEquals(
                "sold_out", items.get(1).path("fetched").path("sale_status").asText());
        assertMatch(items.get(2), true, Map.of());
        assertMatch(items.get(3), true, Map.of());
    }

    /** Submits the validation, waits for it and checks its summary; returns the per-product results in order. */
    private static JsonNode validate(String platform, String products, int total, int match, int mismatch, int notFound)
            throws Exception {
        Api.Reply submitted = serving.api()
                .post(
                        "/api/v2/workflows/execute",
                        "{\"workflow_id\": \"" + platform + "-validation-v2\", \"params\": {\"products\": " + products
                                + "}}");
        assertEquals(202, submitted.status(), submitted.raw());
        assertEquals(platform, submitted.body().path("data").path("platform").asText());
        String jobId = submitted.body().path("data").path("job_id").asText();

        JsonNode job = serving.api().awaitFinished(jobId, Duration.ofSeconds(180));
        assertEquals("completed", job.path("status").asText(), job.toString());
        JsonNode summary = job.path("result").path("summary");
        assertEquals(total, summary.path("total").asInt(), summary.toString());
        assertEquals(0, summary.path("failed").asInt(), summary.toString());
        assertEquals(notFound, summary.path("not_found").asInt(), summary.toString());
        assertEquals(match, summary.path("match").asInt(), summary.toString());
        assertEquals(mismatch, summary.path("mismatch").asInt(), summary.toString());

        JsonNode items = serving.api()
                .get("/api/v2/jobs/" + jobId + "/results")
                .body()
                .path("data")
                .path("items");
        assertEquals(total, items.size(), items.toString());
        for (JsonNode item : items) {
            assertEquals(platform, item.path("platform").asText(), item.toString());
        }
        // the worker records the status before it logs the event: the line may come a moment after the API says so
        serving.server()
                .awaitOutput(
                        "event=job.finished job_id=" + jobId + " platform=" + platform + " status=completed",
                        Duration.ofSeconds(10));
        return items;
    }

    /** The item's overall match, and the comparison of the fields named (every other compared field matched). */
    private static void assertMatch(JsonNode item, boolean match, Map<String, Boolean> fields) {
        assertEquals(match, item.path("match").asBoolean(!match), item.toString());
        item.path("comparison")
                .properties()
                .forEach(field -> assertEquals(
                        fields.getOrDefault(field.getKey(), true),
                        field.getValue().asBoolean(),
                        item.toString()));
        for (String field : fields.keySet()) {
            assertFalse(item.path("comparison").path(field).isMissingNode(), field + " compared: " + item);
        }
    }
}
