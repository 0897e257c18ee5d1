package io.productscanner.runtime.workflow.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.catalog.CatalogDatabase;
import io.productscanner.runtime.catalog.CatalogSchema;
import io.productscanner.runtime.catalog.ProductSetUpdater;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.product.ProductResult;
import io.productscanner.runtime.product.SaleStatusVocabulary;
import io.productscanner.runtime.product.Validation;
import io.productscanner.runtime.testing.TestPostgres;
import io.productscanner.runtime.workflow.NodeResult;
import io.productscanner.runtime.workflow.ParamProblem;
import io.productscanner.runtime.workflow.WorkflowDefinition;
import io.productscanner.runtime.workflow.WorkflowRunner;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code update_product_set} writing a job's results back to a real PostgreSQL catalog, each test in a fresh database. */
class UpdateProductSetNodeTest {
    private static final String HISTORY = ProductSetUpdater.DEFAULT_HISTORY_TABLE;
    private static final WorkflowDefinition WORKFLOW = new WorkflowDefinition(
            "price-update",
            "Price update",
            "1",
            Optional.of("musinsa"),
            "",
            Json.MAPPER.createObjectNode(),
            "update",
            Map.of(),
            List.of(),
            null);

    @RegisterExtension
    static final TestPostgres postgres = TestPostgres.perClass();

    private CatalogDatabase database;

    /** The catalog before the job: four products, as the standard product_sets table holds them. */
    @BeforeEach
    void freshCatalog() throws Exception {
        database = postgres.newDatabase();
        TestPostgres.execute(
                database,
                "CREATE TABLE product_sets (product_set_id text PRIMARY KEY, product_id text, product_name text, "
                        + "link_url text, thumbnail text, sale_status text, original_price integer, "
                        + "discounted_price integer, auto_crawled boolean, updated_at timestamptz)",
                "INSERT INTO product_sets VALUES "
                        + "('ps-01', '1', '토너 200ml', 'https://www.musinsa.com/products/1', null, 'on_sale', 25000, "
                        + "19900, false, '2025-01-02T03:04:05Z'), "
                        + "('ps-02', '2', '크림', 'https://www.musinsa.com/products/2', null, 'sold_out', 30000, "
                        + "27000, false, '2025-01-02T03:04:05Z'), "
                        + "('ps-03', '3', '셔츠', 'https://www.musinsa.com/products/3', null, 'on_sale', 59000, "
                        + "41300, false, '2025-01-02T03:04:05Z'), "
                        + "('ps-04', '4', '선크림', 'https://www.musinsa.com/products/4', null, 'on_sale', 18000, "
                        + "18000, false, '2025-01-02T03:04:05Z')");
    }

    private UpdateProductSetNode node() {
        return new UpdateProductSetNode(
                Optional.of(new ProductSetUpdater(
                        postgres.pool(database),
                        CatalogSchema.defaults(),
                        HISTORY,
                        ProductSetUpdater.DEFAULT_BATCH_SIZE,
                        Optional.of("off_sale"))),
                SaleStatusVocabulary.defaults());
    }

    /** The catalog's expected values of a product, as fetch_product puts them into a check. */
    private static ObjectNode expected(String name, long original, long sale, String status) {
        return Json.MAPPER
                .createObjectNode()
                .put("product_name", name)
                .put("original_price", original)
                .put("discounted_price", sale)
                .put("sale_status", status);
    }

    private static ProductResult.Fetched fetched(String name, Long original, Long sale, String status) {
        return new ProductResult.Fetched(
                name, "Brand", null, original, sale, status, "SALE", "api", "2025-11-27T08:00:00.000Z");
    }

    private static ProductResult scanned(
            String setId, ObjectNode expected, ProductResult.Fetched got, Validation validation) {
        String url = "https://www.musinsa.com/products/" + setId.substring(3);
        return new ProductResult(
                url, "musinsa", setId.substring(3), setId, "success", false, expected, got, Map.of(), null, validation);
    }

    private static ProductResult vanished(String setId, ObjectNode expected) {
        String url = "https://www.musinsa.com/products/" + setId.substring(3);
        return new ProductResult(
                url,
                "musinsa",
                setId.substring(3),
                setId,
                "not_found",
                false,
                expected,
                fetched(null, null, null, "not_found"),
                Map.of(),
                null,
                new Validation(List.of(), List.of()));
    }

    private static ProductResult failed(String setId, ObjectNode expected) {
        String url = "https://www.musinsa.com/products/" + setId.substring(3);
        return new ProductResult(
                url, "musinsa", null, setId, "failed", null, expected, null, Map.of(), "timed out after 30s", null);
    }

    private static final Validation VALID = new Validation(List.of(), List.of());

    /**
     * ps-01's sale price dropped, ps-02 vanished, ps-03 scanned a sale price above its original (a validation
     * error), ps-04's scan failed.
     */
    private static List<ProductResult> aJobsResults() {
        return List.of(
                scanned(
                        "ps-01",
                        expected("토너 200ml", 25000, 19900, "on_sale"),
                        fetched("토너 200ml", 25000L, 17900L, "on_sale"),
                        VALID),
                vanished("ps-02", expected("크림", 30000, 27000, "sold_out")),
                scanned(
                        "ps-03",
                        expected("셔츠", 59000, 41300, "on_sale"),
                        fetched("셔츠", 59000L, 61000L, "on_sale"),
                        new Validation(List.of("discounted_price 61000 is above original_price 59000"), List.of())),
                failed("ps-04", expected("선크림", 18000, 18000, "on_sale")));
    }

    private TestNodeRun jobWith(List<ProductResult> results) {
        TestNodeRun run = new TestNodeRun("price-update", "musinsa");
        run.data.put(ProductData.RESULTS, new ProductData.Results(results));
        run.data.put(WorkflowRunner.SUMMARY, Json.MAPPER.createObjectNode().put("total", results.size()));
        return run;
    }

    private List<List<String>> query(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = TestPostgres.connect(database);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private Map<String, List<String>> catalog() throws SQLException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (List<String> row : query("SELECT product_set_id, product_name, original_price, discounted_price, "
                + "sale_status FROM product_sets ORDER BY product_set_id")) {
            rows.put(row.getFirst(), row.subList(1, row.size()));
        }
        return rows;
    }

    private List<List<String>> history() throws SQLException {
        return query(
                "SELECT product_set_id, field, before_value, after_value, job_id FROM " + HISTORY + " ORDER BY id");
    }

    private boolean historyTableExists() throws SQLException {
        return query("SELECT to_regclass('" + HISTORY + "')").getFirst().getFirst() != null;
    }

    @Test
    void aChangedPriceAndAVanishedProductAreWrittenWithHistoryAndCountedInTheSummary() throws Exception {
        TestNodeRun run = jobWith(aJobsResults());

        NodeResult result = run.run(node());

        assertEquals(NodeResult.continueAll(), result);
        Map<String, List<String>> catalog = catalog();
        assertEquals(List.of("토너 200ml", "25000", "17900", "on_sale"), catalog.get("ps-01"));
        assertEquals(List.of("크림", "30000", "27000", "off_sale"), catalog.get("ps-02"));
        assertEquals(List.of("셔츠", "59000", "41300", "on_sale"), catalog.get("ps-03"), "data with errors is kept out");
        assertEquals(
                List.of("선크림", "18000", "18000", "on_sale"), catalog.get("ps-04"), "a failed scan changes nothing");
        assertEquals(
                List.of(
                        List.of("ps-01", "discounted_price", "19900", "17900", run.jobId),
                        List.of("ps-02", "sale_status", "sold_out", "off_sale", run.jobId)),
                history());

        assertEquals(
                Json.read("{\"total\": 4, \"updated\": 2, \"update_skipped\": 0}"),
                run.data.find(WorkflowRunner.SUMMARY).orElseThrow());
        assertEquals(
                Json.read("""
                {"dry_run": false,
                 "applied": [{"product_set_id": "ps-01", "field": "discounted_price", "before": 19900, "after": 17900,
                              "scanned_status": "on_sale", "raw_status": "SALE"},
                             {"product_set_id": "ps-02", "field": "sale_status", "before": "sold_out",
                              "after": "off_sale", "scanned_status": "not_found", "raw_status": "SALE"}],
                 "skipped": []}"""),
                Json.read(Json.write(run.data.find(UpdateProductSetNode.UPDATE).orElseThrow())),
                "(read back, so a long and an int of the same value compare equal)");
        assertEquals(List.of(1.0), run.progress);
    }

    @Test
    void aResultWithValidationErrorsIsNotWrittenButOneWithOnlyWarningsIs() throws Exception {
        TestNodeRun run = jobWith(List.of(
                scanned(
                        "ps-03",
                        expected("셔츠", 59000, 41300, "on_sale"),
                        fetched("셔츠 (블랙)", 59000L, 61000L, "on_sale"),
                        new Validation(List.of("discounted_price 61000 is above original_price 59000"), List.of())),
                scanned(
                        "ps-04",
                        expected("선크림", 18000, 18000, "on_sale"),
                        fetched("선크림 SPF50", 18000L, 0L, "on_sale"),
                        new Validation(List.of(), List.of("on sale with a price of 0")))));

        run.run(node());

        Map<String, List<String>> catalog = catalog();
        assertEquals(List.of("셔츠", "59000", "41300", "on_sale"), catalog.get("ps-03"));
        assertEquals(
                List.of("선크림 SPF50", "18000", "18000", "on_sale"),
                catalog.get("ps-04"),
                "the new name is written; a scanned price of 0 never is");
        assertEquals(List.of(List.of("ps-04", "product_name", "선크림", "선크림 SPF50", run.jobId)), history());
        assertEquals(
                1,
                run.data
                        .find(WorkflowRunner.SUMMARY)
                        .orElseThrow()
                        .path("updated")
                        .asInt());
    }

    @Test
    void aDryRunWritesNothingNotEvenTheHistoryTableAndReportsWhatItWouldUpdate() throws Exception {
        Map<String, List<String>> before = catalog();
        TestNodeRun run = jobWith(aJobsResults()).config("{\"dry_run\": true}");

        run.run(node());

        assertEquals(before, catalog());
        assertFalse(historyTableExists());
        JsonNode summary = run.data.find(WorkflowRunner.SUMMARY).orElseThrow();
        assertEquals(Json.read("{\"total\": 4, \"would_update\": 2, \"update_skipped\": 0}"), summary);
        JsonNode update = run.data.find(UpdateProductSetNode.UPDATE).orElseThrow();
        assertTrue(update.path("dry_run").asBoolean(false));
        assertEquals(2, update.path("applied").size());
    }

    @Test
    void updateFalseReportsLikeADryRunAndUpdateTrueWrites() throws Exception {
        Map<String, List<String>> before = catalog();
        TestNodeRun report = jobWith(aJobsResults()).config("{\"update\": false}");
        report.run(node());
        assertEquals(before, catalog());
        assertEquals(
                2,
                report.data
                        .find(WorkflowRunner.SUMMARY)
                        .orElseThrow()
                        .path("would_update")
                        .asInt());

        TestNodeRun write = jobWith(aJobsResults()).config("{\"update\": true}");
        write.run(node());
        assertEquals(
                2,
                write.data
                        .find(WorkflowRunner.SUMMARY)
                        .orElseThrow()
                        .path("updated")
                        .asInt());
        assertEquals(
                List.of("17900"),
                query("SELECT discounted_price FROM product_sets WHERE product_set_id = 'ps-01'")
                        .getFirst());
        assertEquals(
                List.of(new ParamProblem("params.update", "must be true or false")),
                node().paramProblems(WORKFLOW, Json.read("{\"update\": \"yes\"}"), Json.MAPPER.createObjectNode()));
    }

    @Test
    void aRowChangedSinceTheJobReadItIsSkippedAndCountedAndASummaryIsStartedWhenThereIsNone() throws Exception {
        TestPostgres.execute(
                database, "UPDATE product_sets SET discounted_price = 18900 WHERE product_set_id = 'ps-01'");
        TestNodeRun run = new TestNodeRun("price-update", "musinsa");
        run.data.put(
                ProductData.RESULTS,
                new ProductData.Results(List.of(aJobsResults().getFirst())));

        run.run(node());

        assertEquals(List.of("토너 200ml", "25000", "18900", "on_sale"), catalog().get("ps-01"));
        assertEquals(
                Json.read("{\"updated\": 0, \"update_skipped\": 1}"),
                run.data.find(WorkflowRunner.SUMMARY).orElseThrow());
        JsonNode skipped =
                run.data.find(UpdateProductSetNode.UPDATE).orElseThrow().path("skipped");
        assertEquals(
                "the catalog changed since the job read it: it now holds '18900', not '19900'",
                skipped.path(0).path("reason").asText());
    }

    @Test
    void withoutACatalogDatabaseTheJobIsRefusedAtSubmit() {
        UpdateProductSetNode withoutCatalog =
                new UpdateProductSetNode(Optional.empty(), SaleStatusVocabulary.defaults());

        assertEquals(
                List.of(new ParamProblem(
                        "params",
                        "workflow price-update updates the catalog, but no catalog "
                                + "database is configured (set CATALOG_JDBC_URL)")),
                withoutCatalog.paramProblems(WORKFLOW, Json.read("{}"), Json.MAPPER.createObjectNode()));
        assertEquals(
                List.of(),
                node().paramProblems(WORKFLOW, Json.read("{\"dry_run\": false}"), Json.MAPPER.createObjectNode()));
    }

    @Test
    void dryRunMustBeABooleanOnceParamsAreFilledIn() {
        assertEquals(
                List.of(new ParamProblem("params.dry_run", "must be true or false")),
                node().paramProblems(WORKFLOW, Json.read("{\"dry_run\": \"yes\"}"), Json.MAPPER.createObjectNode()));
        assertEquals(List.of(), node().configProblems(Json.read("{\"dry_run\": \"${dry_run}\"}")));
        assertEquals(List.of("dry_run must be true or false"), node().configProblems(Json.read("{\"dry_run\": 1}")));
    }

    @Test
    void aFailedScanAloneWritesNothing() throws Exception {
        TestNodeRun run = jobWith(List.of(failed("ps-04", expected("선크림", 18000, 18000, "on_sale"))));

        run.run(node());

        assertFalse(historyTableExists(), "nothing to write, so not even the history table is created");
        assertEquals(
                Json.read("{\"total\": 1, \"updated\": 0, \"update_skipped\": 0}"),
                run.data.find(WorkflowRunner.SUMMARY).orElseThrow());
    }
}
