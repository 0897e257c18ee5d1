package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.testing.ApiContract;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole path in one real process, as a newcomer runs it: {@code serve} on the embedded Redis, a musinsa
 * validation submitted over HTTP, the worker scanning through the real musinsa plugin against recorded
 * answers on a loopback mirror, and the results read back over HTTP.
 */
class ServeEndToEndTest {

    @RegisterExtension
    static final MirroredServe.ForClass serving = MirroredServe.forClass(Map.of("MUSINSA_PACING_MS", "0"));

    @Test
    void aMusinsaValidationJobScansComparesAndStoresResults() throws Exception {
        Api.Reply submitted = serving.api().post("/api/v2/workflows/execute", """
                {"workflow_id": "musinsa-validation-v2", "metadata": {"requested_by": "e2e"},
                 "params": {"products": [
                   {"url": "https://www.musinsa.com/products/3674341", "product_set_id": "ps-1",
                    "expected": {"product_name": " 릴렉스 핏 크루 넥 반팔 티셔츠 [화이트] ", "original_price": 19900,
                                 "discounted_price": 14900, "sale_status": "on_sale",
                                 "thumbnail": "https://image.msscdn.net/images/goods_img/20231127/3674341/3674341_17010583212356_500.jpg"}},
                   {"url": "https://www.musinsa.com/app/goods/2551487", "product_set_id": 2,
                    "expected": {"discounted_price": 151200, "sale_status": "on_sale"}},
                   {"url": "https://store.musinsa.com/app/goods/1843690",
                    "expected": {"sale_status": "on_sale"}},
                   {"url": "https://www.musinsa.com/products/1000001", "expected": {"sale_status": "not_found"}},
                   {"url": "https://www.musinsa.com/products/3333333"}
                 ]}}""");
        assertEquals(202, submitted.status(), submitted.raw());
        String jobId = submitted.body().path("data").path("job_id").asText();

        JsonNode job = serving.api().awaitFinished(jobId, Duration.ofSeconds(60));
        assertEquals("completed", job.path("status").asText(), job.toString());
        assertEquals("musinsa", job.path("platform").asText());
        assertEquals(1.0, job.path("progress").asDouble());
        assertEquals(1, job.path("attempts").asInt());
        assertEquals("e2e", job.path("metadata").path("requested_by").asText());
        assertFalse(job.path("started_at").isNull());
        assertFalse(job.path("completed_at").isNull());
        JsonNode summary = job.path("result").path("summary");
        assertEquals(5, summary.path("total").asInt(), summary.toString());
        assertEquals(3, summary.path("success").asInt(), summary.toString());
        assertEquals(1, summary.path("not_found").asInt(), summary.toString());
        assertEquals(1, summary.path("failed").asInt(), summary.toString());
        assertEquals(2, summary.path("match").asInt(), summary.toString());
        assertEquals(2, summary.path("mismatch").asInt(), summary.toString());

        JsonNode items = serving.api()
                .get("/api/v2/jobs/" + jobId + "/results")
                .body()
                .path("data")
                .path("items");
        assertEquals(5, items.size());

        JsonNode tee = items.get(0);
        assertEquals("success", tee.path("status").asText());
        assertEquals("musinsa", tee.path("platform").asText());
        assertEquals("3674341", tee.path("product_id").asText());
        assertEquals("ps-1", tee.path("product_set_id").asText());
        assertTrue(tee.path("match").asBoolean(), tee.toString());
        JsonNode fetched = tee.path("fetched");
        assertEquals("릴렉스 핏 크루 넥 반팔 티셔츠 [화이트]", fetched.path("product_name").asText());
        assertEquals("무신사 스탠다드", fetched.path("brand").asText());
        assertEquals(
                "https://image.msscdn.net/images/goods_img/20231127/3674341/3674341_17010583212356_500.jpg",
                fetched.path("thumbnail").asText());
        assertEquals(19900, fetched.path("original_price").asLong());
        assertEquals(14900, fetched.path("discounted_price").asLong());
        assertEquals("on_sale", fetched.path("sale_status").asText());
        assertEquals(
                Map.of(
                        "product_name",
                        true,
                        "thumbnail",
                        true,
                        "original_price",
                        true,
                        "discounted_price",
                        true,
                        "sale_status",
                        true),
                Api.JSON.convertValue(tee.path("comparison"), Map.class));

        JsonNode coat = items.get(1);
        assertEquals("2", coat.path("product_set_id").asText());
        assertFalse(coat.path("match").asBoolean(true), coat.toString());
        assertEquals(136080, coat.path("fetched").path("discounted_price").asLong(), "the coupon price applies");
        assertFalse(coat.path("comparison").path("discounted_price").asBoolean(true));
        assertTrue(coat.path("comparison").path("sale_status").asBoolean());

        JsonNode pants = items.get(2);
        assertEquals("sold_out", pants.path("fetched").path("sale_status").asText());
        assertFalse(pants.path("match").asBoolean(true));

        JsonNode deleted = items.get(3);
        assertEquals("not_found", deleted.path("status").asText());
        assertTrue(deleted.path("match").asBoolean());

        JsonNode broken = items.get(4);
        assertEquals("failed", broken.path("status").asText());
        assertTrue(broken.path("match").isNull());
        assertTrue(broken.path("fetched").isNull());
        assertFalse(broken.path("error").asText().isBlank(), broken.toString());

        for (String id : List.of("3674341", "2551487", "1843690", "1000001", "3333333")) {
            assertEquals(
                    1,
                    serving.mirror().requestCount("goods-detail.musinsa.com/api2/goods/" + id),
                    "each product is fetched once through the mirror: "
                            + serving.mirror().requestCounts());
        }
        assertTrue(
                serving.server()
                        .output()
                        .contains("event=job.finished job_id=" + jobId + " platform=musinsa status=completed"),
                serving.server().output());
    }

    @Test
    void theOpenApiDocumentIsServedAndListsEveryOperationTheContractChecks() throws Exception {
        Api.Reply document = serving.api().get("/openapi");

        assertEquals(200, document.status(), document.raw());
        assertTrue(document.raw().contains("openapi: 3.1.0"), document.raw());
        for (String operation : ApiContract.get().operations()) {
            String path = operation.substring(operation.indexOf(' ') + 1);
            assertTrue(document.raw().contains(path + ":"), operation + " is in the served document");
        }
    }

    @Test
    void monitoringEndpointsAnswerInTheirDocumentedShape() throws Exception {
        JsonNode running = serving.api().get("/api/v2/jobs/running").body();
        assertTrue(running.path("success").asBoolean());
        assertTrue(running.path("data").path("running").isArray());
        assertTrue(running.path("data").path("queued").isObject());
        assertTrue(running.path("data").path("summary").has("running_count"));
        assertTrue(running.path("data").path("summary").has("queued_count"));

        JsonNode platforms =
                serving.api().get("/api/v2/platforms").body().path("data").path("platforms");
        Map<String, JsonNode> byId = new TreeMap<>();
        platforms.forEach(platform -> byId.put(platform.path("id").asText(), platform));
        assertEquals(
                List.of("ably", "extract", "hwahae", "kurly", "musinsa", "oliveyoung", "zigzag"),
                List.copyOf(byId.keySet()));
        for (String id : List.of("hwahae", "musinsa", "zigzag")) {
            assertEquals("api", byId.get(id).path("kind").asText(), platforms.toString());
            assertEquals(id, byId.get(id).path("queues").get(0).asText());
        }
        for (String id : List.of("ably", "kurly", "oliveyoung")) {
            assertEquals("browser", byId.get(id).path("kind").asText(), platforms.toString());
            assertEquals(id, byId.get(id).path("queues").get(0).asText());
        }
        assertEquals("mixed", byId.get("extract").path("kind").asText());
        assertEquals("extract", byId.get("extract").path("queues").get(0).asText());

        JsonNode data = serving.api().get("/api/v2/workflows").body().path("data");
        List<String> ids = new ArrayList<>();
        data.path("workflows").forEach(w -> ids.add(w.path("workflow_id").asText()));
        for (String platform : List.of("hwahae", "oliveyoung", "zigzag", "musinsa", "ably", "kurly")) {
            assertTrue(
                    ids.contains(platform + "-validation-v2") && ids.contains(platform + "-update-v2"), ids.toString());
        }
        assertEquals(0, data.path("invalid").size(), data.toString());

        Api.Reply health = serving.api().get("/observe/health");
        assertEquals(200, health.status());
        assertEquals("UP", health.body().path("status").asText());
        Api.Reply metrics = serving.api().get("/observe/metrics");
        assertEquals(200, metrics.status());
        assertTrue(metrics.raw().contains("# TYPE"), metrics.raw());
    }

    @Test
    void theRuntimeRunsOnTheModulePathWithAMainModuleAndTheEmbeddedRedisPersists() throws Exception {
        List<String> arguments =
                List.of(serving.server().handle().info().arguments().orElseThrow());
        assertTrue(arguments.contains("--module-path"), arguments.toString());
        assertTrue(arguments.contains("productscanner.runtime/io.productscanner.runtime.Main"), arguments.toString());
        assertFalse(
                arguments.contains("-cp") || arguments.contains("-classpath") || arguments.contains("--class-path"),
                arguments.toString());
        try (var files = Files.walk(serving.work())) {
            assertTrue(
                    files.anyMatch(p -> p.getFileName().toString().startsWith("appendonly")),
                    "the embedded Redis keeps an append-only file under DATA_DIR");
        }
    }
}
