package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.catalog.CatalogDatabase;
import io.productscanner.runtime.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validation and update workflows against a real Postgres catalog of 300 musinsa products and a mirror
 * showing what "the site" shows now: 49 products changed since the catalog was written.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogWorkflowsTest {
    private static final int PRODUCTS = 300;
    /** Products whose price dropped, that sold out, that were deleted, and one renamed. */
    private static final int CHANGED = 30 + 12 + 6 + 1;

    @TempDir
    static Path work;

    private static TestPostgres postgres;
    private static CatalogDatabase catalog;
    private static MirroredServe serving;

    private static long productId(int i) {
        return 5_000_000L + i;
    }

    private static long original(int i) {
        return 20_000L + i * 100L;
    }

    private static long sale(int i) {
        return 15_000L + i * 100L;
    }

    @BeforeAll
    static void start() throws Exception {
        postgres = TestPostgres.start();
        catalog = postgres.database();
        // the catalog holds only its two words: a sold_out written would roll the batch back
        TestPostgres.execute(
                catalog,
                "CREATE TABLE product_sets (product_set_id text PRIMARY KEY, product_id text, "
                        + "product_name text, link_url text, thumbnail text, "
                        + "sale_status text CHECK (sale_status IN ('on_sale', 'off_sale')), original_price integer, "
                        + "discounted_price integer, auto_crawled boolean, updated_at timestamptz)");
        MusinsaMirror site = new MusinsaMirror();
        try (Connection connection = TestPostgres.connect(catalog);
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO product_sets VALUES (?, ?, ?, ?, ?, 'on_sale', ?, ?, false, now())")) {
            for (int i = 1; i <= PRODUCTS; i++) {
                long id = productId(i);
                insert.setString(1, "ps-%03d".formatted(i));
                insert.setString(2, Long.toString(id));
                insert.setString(3, "테스트 상품 " + i);
                insert.setString(4, "https://www.musinsa.com/products/" + id);
                insert.setString(5, MusinsaMirror.thumbnail(id));
                insert.setLong(6, original(i));
                insert.setLong(7, sale(i));
                insert.addBatch();
                if (i % 50 == 3) {
                    site.deleted(id);
                } else if (i % 25 == 2) {
                    site.product(id, "테스트 상품 " + i, original(i), sale(i), "SOLDOUT", 0);
                } else if (i % 10 == 1) {
                    site.product(id, "테스트 상품 " + i, original(i), sale(i) - 1000, "SALE", 0);
                } else if (i == 4) {
                    site.product(id, "테스트 상품 4 (리뉴얼)", original(i), sale(i), "SALE", 0);
                } else {
                    site.product(id, "테스트 상품 " + i, original(i), sale(i), "SALE", 0);
                }
            }
            insert.executeBatch();
        }
        serving = MirroredServe.start(
                site.writeTo(work.resolve("mirror")),
                work,
                Map.of(
                        "MUSINSA_PACING_MS",
                        "0",
                        "CATALOG_JDBC_URL",
                        catalog.jdbcUrl(),
                        "CATALOG_JDBC_USER",
                        catalog.user(),
                        "CATALOG_JDBC_PASSWORD",
                        catalog.password() == null ? "" : catalog.password()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (serving != null) {
            serving.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static JsonNode run(String workflowId, String params) throws Exception {
        Api.Reply reply = serving.api()
                .post(
                        "/api/v2/workflows/execute",
                        "{\"workflow_id\": \"" + workflowId + "\", \"params\": " + params + "}");
        assertEquals(202, reply.status(), reply.raw());
        JsonNode job = serving.api()
                .awaitFinished(reply.body().path("data").path("job_id").asText(), Duration.ofSeconds(120));
        assertEquals(
                "completed",
                job.path("status").asText(),
                job + "\n" + serving.server().output());
        return job;
    }

    @Test
    @Order(1)
    void validationReadsTheCatalogAndFindsWhatChanged() throws Exception {
        serving.mirror().resetCounts();
        JsonNode job = run("musinsa-validation-v2", "{}");
        JsonNode summary = job.path("result").path("summary");
        assertEquals(PRODUCTS, summary.path("total").asInt(), summary.toString());
        assertEquals(PRODUCTS - 6, summary.path("success").asInt(), summary.toString());
        assertEquals(6, summary.path("not_found").asInt(), summary.toString());
        assertEquals(0, summary.path("failed").asInt(), summary.toString());
        assertEquals(CHANGED, summary.path("mismatch").asInt(), summary.toString());
        assertEquals(PRODUCTS - CHANGED, summary.path("match").asInt(), summary.toString());
        assertEquals(
                PRODUCTS,
                serving.mirror().requestCounts().values().stream()
                        .mapToLong(Long::longValue)
                        .sum());

        String jobId = job.path("job_id").asText();
        Path file = Path.of(job.path("results_file").asText());
        assertTrue(file.startsWith(work.resolve("results")), file.toString());
        List<String> lines = Files.readAllLines(file);
        assertEquals(PRODUCTS + 2, lines.size());
        assertEquals("header", Api.JSON.readTree(lines.getFirst()).path("type").asText());
        assertEquals(
                CHANGED,
                Api.JSON
                        .readTree(lines.getLast())
                        .path("summary")
                        .path("mismatch")
                        .asInt());

        JsonNode page = serving.api()
                .get("/api/v2/jobs/" + jobId + "/results?limit=100")
                .body()
                .path("data");
        assertEquals(PRODUCTS, page.path("total").asInt());
        assertEquals(100, page.path("items").size());
        JsonNode next = serving.api()
                .get("/api/v2/jobs/" + jobId + "/results?limit=100&cursor="
                        + page.path("next_cursor").asText())
                .body()
                .path("data");
        assertEquals("ps-101", next.path("items").get(0).path("product_set_id").asText());
        Api.Reply csv = serving.api().get("/api/v2/jobs/" + jobId + "/results?format=csv");
        assertEquals(200, csv.status());
        assertEquals(PRODUCTS + 1, csv.raw().strip().split("\r?\n").length);
        JsonNode renamed = serving.api()
                .get("/api/v2/jobs/" + jobId + "/results?offset=3&limit=1")
                .body()
                .path("data")
                .path("items")
                .get(0);
        assertEquals("ps-004", renamed.path("product_set_id").asText());
        assertEquals(
                "테스트 상품 4 (리뉴얼)", renamed.path("fetched").path("product_name").asText());
        assertEquals(false, renamed.path("comparison").path("product_name").asBoolean());
    }

    @Test
    @Order(2)
    void aDryRunReportsTheChangesAndWritesNothing() throws Exception {
        JsonNode summary =
                run("musinsa-update-v2", "{\"dry_run\": true}").path("result").path("summary");
        assertEquals(CHANGED, summary.path("would_update").asInt(), summary.toString());
        assertEquals(
                0,
                count("SELECT count(*) FROM product_sets WHERE discounted_price <> 15000 + "
                        + "substring(product_set_id from 4)::int * 100"));
        assertEquals(
                0, count("SELECT count(*) FROM information_schema.tables WHERE table_name = 'product_set_history'"));
    }

    @Test
    @Order(3)
    void theUpdateWritesEachChangeWithItsHistoryAndASecondRunChangesNothing() throws Exception {
        JsonNode summary = run("musinsa-update-v2", "{}").path("result").path("summary");
        assertEquals(CHANGED, summary.path("updated").asInt(), summary.toString());
        assertEquals(CHANGED, count("SELECT count(*) FROM product_set_history"));
        assertEquals(
                30,
                count("SELECT count(*) FROM product_sets WHERE discounted_price = 14000 + "
                        + "substring(product_set_id from 4)::int * 100"));
        assertEquals(
                12 + 6,
                count("SELECT count(*) FROM product_sets WHERE sale_status = 'off_sale'"),
                "sold out and deleted products are off_sale in the catalog's words");
        assertEquals(
                12,
                count("SELECT count(*) FROM product_set_history WHERE field = 'sale_status' "
                        + "AND after_value = 'off_sale' AND scanned_status = 'sold_out' AND raw_status = 'SOLDOUT'"),
                "the history keeps what the scan said");
        assertEquals(1, count("SELECT count(*) FROM product_sets WHERE product_name = '테스트 상품 4 (리뉴얼)'"));
        assertEquals(
                1,
                count("SELECT count(*) FROM product_set_history WHERE product_set_id = 'ps-053' "
                        + "AND field = 'sale_status' AND before_value = 'on_sale' AND after_value = 'off_sale'"));

        JsonNode again = run("musinsa-update-v2", "{}").path("result").path("summary");
        assertEquals(0, again.path("updated").asInt(), again.toString());
        assertEquals(CHANGED, count("SELECT count(*) FROM product_set_history"), "a second run writes no history");
    }

    private static long count(String sql) throws Exception {
        try (Connection connection = TestPostgres.connect(catalog);
                PreparedStatement query = connection.prepareStatement(sql);
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
