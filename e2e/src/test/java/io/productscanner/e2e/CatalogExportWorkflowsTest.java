package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.catalog.CatalogDatabase;
import io.productscanner.runtime.testing.TestPostgres;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * A catalog export with exactly the columns of the original service's {@code product_sets} export
 * (fixtures/catalog/hwahae_product_sets.csv: uuid keys, no auto_crawled, {@code null} written as text), loaded into
 * Postgres as an operator would ({@code COPY ... NULL 'null'}) with a constraint holding sale_status to the catalog's
 * two words, and used as it is: {@code hwahae-update-v2} through {@code serve} and the hwahae fixtures writes only
 * {@code on_sale} and {@code off_sale}, and the same file reads as a {@code catalog_file}.
 */
class CatalogExportWorkflowsTest {
    private static final Path EXPORT = Path.of(System.getProperty("fixtures.dir", "../fixtures/mirror"))
            .resolveSibling("catalog")
            .resolve("hwahae_product_sets.csv");

    @TempDir
    static Path work;

    private static TestPostgres postgres;
    private static CatalogDatabase catalog;
    private static MirroredServe serving;

    @BeforeAll
    static void start() throws Exception {
        postgres = TestPostgres.start();
        catalog = postgres.database();
        TestPostgres.execute(
                catalog,
                "CREATE SCHEMA export",
                "CREATE TABLE export.product_sets ("
                        + "product_set_id uuid PRIMARY KEY, product_id uuid, platform_id uuid, product_name text, "
                        + "link_url text, md_pick boolean, created_at timestamptz, updated_at timestamptz, thumbnail text, "
                        + "normalized_product_name text, label text, volume numeric, volume_unit text, "
                        + "sale_status text NOT NULL CHECK (sale_status IN ('on_sale', 'off_sale')), original_price integer, "
                        + "discounted_price integer)");
        try (Connection connection = TestPostgres.connect(catalog);
                Reader csv = Files.newBufferedReader(EXPORT, StandardCharsets.UTF_8)) {
            new CopyManager(connection.unwrap(BaseConnection.class))
                    .copyIn("COPY export.product_sets FROM STDIN WITH (FORMAT csv, HEADER true, NULL 'null')", csv);
        }
        serving = MirroredServe.start(
                Path.of(System.getProperty("fixtures.dir", "../fixtures/mirror")),
                work,
                Map.of(
                        "HWAHAE_PACING_MS",
                        "0",
                        "HWAHAE_BACKOFF_BASE_MS",
                        "50",
                        "CATALOG_JDBC_URL",
                        catalog.jdbcUrl(),
                        "CATALOG_JDBC_USER",
                        catalog.user(),
                        "CATALOG_JDBC_PASSWORD",
                        catalog.password() == null ? "" : catalog.password(),
                        "CATALOG_TABLE",
                        "export.product_sets"));
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

    @Test
    void anUpdateRunOverTheExportWritesOnlyTheCatalogsTwoStatuses() throws Exception {
        JsonNode summary = run("hwahae-update-v2", "{}").path("result").path("summary");

        assertEquals(5, summary.path("total").asInt(), summary.toString());
        assertEquals(1, summary.path("failed").asInt(), "50000's answer cannot be read: " + summary);
        assertEquals(
                Map.of(
                        "https://www.hwahae.co.kr/goods/21320", "on_sale",
                        "https://www.hwahae.co.kr/goods/30001", "off_sale",
                        "https://www.hwahae.co.kr/goods/40400", "off_sale",
                        "https://www.hwahae.co.kr/goods/50000", "on_sale",
                        "https://www.hwahae.co.kr/goods/30002", "off_sale"),
                statuses());
        assertEquals(
                List.of("off_sale", "on_sale"),
                strings("SELECT DISTINCT sale_status FROM export.product_sets ORDER BY 1"));
        // the history says what the scans said: sold out (SLDOT) and gone (404) are off_sale in the catalog
        assertEquals(
                List.of("30001 sold_out SLDOT", "40400 not_found"),
                strings("SELECT substring(p.link_url from '[0-9]+$') || ' ' || h.scanned_status "
                        + "|| CASE WHEN h.scanned_status = 'sold_out' THEN ' ' || h.raw_status ELSE '' END "
                        + "FROM product_set_history h "
                        + "JOIN export.product_sets p ON p.product_set_id::text = h.product_set_id "
                        + "WHERE h.field = 'sale_status' ORDER BY 1"));
        assertEquals(
                List.of(),
                strings("SELECT product_set_id::text FROM export.product_sets "
                        + "WHERE link_url LIKE '%/50000' AND updated_at > '2025-09-13'"),
                "a failed scan writes nothing");

        JsonNode again = run("hwahae-update-v2", "{}").path("result").path("summary");
        assertEquals(0, again.path("updated").asInt(), "a second run finds nothing to write: " + again);
    }

    @Test
    void theSameExportReadsAsACatalogFile() throws Exception {
        // as an operator would: the export copied into the catalog directory ({DATA_DIR}/catalogs), named in it
        Path catalogs = Files.createDirectories(work.resolve("data").resolve("catalogs"));
        Files.copy(EXPORT, catalogs.resolve("hwahae_product_sets.csv"), StandardCopyOption.REPLACE_EXISTING);
        JsonNode job = run("hwahae-validation-v2", "{\"catalog_file\": \"hwahae_product_sets.csv\"}");

        JsonNode summary = job.path("result").path("summary");
        assertEquals(5, summary.path("total").asInt(), summary.toString());
        JsonNode items = serving.api()
                .get("/api/v2/jobs/" + job.path("job_id").asText() + "/results?limit=10")
                .body()
                .path("data")
                .path("items");
        Map<String, JsonNode> byUrl = new HashMap<>();
        items.forEach(item -> byUrl.put(item.path("url").asText(), item));
        JsonNode soldOut = byUrl.get("https://www.hwahae.co.kr/goods/30001");
        assertEquals("on_sale", soldOut.path("expected").path("sale_status").asText(), soldOut.toString());
        assertEquals("sold_out", soldOut.path("fetched").path("sale_status").asText(), soldOut.toString());
        assertEquals(
                "off_sale", soldOut.path("fetched").path("catalog_sale_status").asText(), soldOut.toString());
        assertTrue(
                byUrl.get("https://www.hwahae.co.kr/goods/30002")
                        .path("expected")
                        .path("original_price")
                        .isMissingNode(),
                "the export's null price is absent, so not compared");
    }

    @Test
    void theExportOutsideTheCatalogDirectoryIsRefusedInTheSameWordsAsAFileThatDoesNotExist() throws Exception {
        Api.Reply existing = execute(
                "hwahae-validation-v2",
                "{\"catalog_file\": "
                        + Api.JSON.writeValueAsString(EXPORT.toAbsolutePath().toString())
                        + ", \"link_url_pattern\": \"%\"}");
        Api.Reply missing = execute(
                "hwahae-validation-v2",
                "{\"catalog_file\": "
                        + Api.JSON.writeValueAsString(EXPORT.toAbsolutePath()
                                .resolveSibling("missing.csv")
                                .toString())
                        + ", \"link_url_pattern\": \"%\"}");

        assertEquals(400, existing.status(), existing.raw());
        assertEquals(
                "params.catalog_file",
                existing.body().path("error").path("field").asText(),
                existing.raw());
        assertEquals(existing.raw(), missing.raw(), "a file that exists reads like one that does not");
    }

    private static Api.Reply execute(String workflowId, String params) throws Exception {
        return serving.api()
                .post(
                        "/api/v2/workflows/execute",
                        "{\"workflow_id\": \"" + workflowId + "\", \"params\": " + params + "}");
    }

    private static JsonNode run(String workflowId, String params) throws Exception {
        Api.Reply reply = execute(workflowId, params);
        assertEquals(202, reply.status(), reply.raw());
        JsonNode job = serving.api()
                .awaitFinished(reply.body().path("data").path("job_id").asText(), Duration.ofSeconds(120));
        assertEquals(
                "completed",
                job.path("status").asText(),
                job + "\n" + serving.server().output());
        return job;
    }

    private static Map<String, String> statuses() throws Exception {
        Map<String, String> statuses = new LinkedHashMap<>();
        try (Connection connection = TestPostgres.connect(catalog);
                PreparedStatement query = connection.prepareStatement(
                        "SELECT link_url, sale_status FROM export.product_sets ORDER BY product_set_id");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                statuses.put(rows.getString(1), rows.getString(2));
            }
        }
        return statuses;
    }

    private static List<String> strings(String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = TestPostgres.connect(catalog);
                PreparedStatement query = connection.prepareStatement(sql);
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
