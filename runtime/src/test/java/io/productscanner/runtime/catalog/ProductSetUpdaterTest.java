package io.productscanner.runtime.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.runtime.product.SaleStatusVocabulary;
import io.productscanner.runtime.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ProductSetUpdater} against a real PostgreSQL, each test in a fresh database. */
class ProductSetUpdaterTest {
    private static final String HISTORY = ProductSetUpdater.DEFAULT_HISTORY_TABLE;
    private static final List<CatalogRow> ROWS = CatalogSamples.ROWS.subList(0, 4);

    @RegisterExtension
    static final TestPostgres postgres = TestPostgres.perClass();

    private CatalogDatabase database;

    @BeforeEach
    void freshCatalog() throws Exception {
        database = postgres.newDatabase();
        TestPostgres.execute(database, CatalogSamples.createTable("product_sets"));
        CatalogSamples.insert(database, "product_sets", ROWS);
    }

    private static final SaleStatusVocabulary WORDS = SaleStatusVocabulary.defaults();
    /** The original service's rule: rows a crawler added stay off sale. */
    private static final Optional<String> AUTO_CRAWLED_OFF_SALE = Optional.of("off_sale");

    private ProductSetUpdater updater(int batchSize) {
        return new ProductSetUpdater(
                postgres.pool(database), CatalogSchema.defaults(), HISTORY, batchSize, AUTO_CRAWLED_OFF_SALE);
    }

    private Map<String, CatalogRow> catalog() {
        return CatalogSamples.read(
                        new PostgresCatalog(postgres.pool(database), CatalogSchema.defaults()), CatalogFilter.all())
                .stream()
                .collect(Collectors.toMap(
                        CatalogRow::productSetId, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }

    /** What a scan found for ps-01 (new prices and status), ps-02 (gone), ps-03 (unchanged), ps-04 (failed). */
    private static List<ProductSetChange> scanChanges(Map<String, CatalogRow> catalog) {
        Map<String, ProductValues> scanned = new LinkedHashMap<>();
        scanned.put(
                "ps-01",
                new ProductValues("토너 200ml", "https://image.oliveyoung.co.kr/a1.jpg", 26000L, 0L, "sold_out"));
        scanned.put("ps-02", new ProductValues(null, null, null, null, "not_found"));
        scanned.put("ps-03", catalog.get("ps-03").values());
        scanned.put("ps-04", null);
        List<ProductSetChange> changes = new ArrayList<>();
        scanned.forEach((id, values) ->
                changes.addAll(ChangeDetector.changes(id, catalog.get(id).values(), values, null, WORDS)));
        return changes;
    }

    private List<List<String>> history(String table) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = TestPostgres.connect(database);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT product_set_id, field, before_value, after_value, "
                        + "job_id, changed_at FROM " + table + " ORDER BY id")) {
            while (result.next()) {
                assertNotNull(result.getTimestamp(6), "changed_at");
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= 5; i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private List<String> scannedStatuses(String table) throws SQLException {
        List<String> statuses = new ArrayList<>();
        try (Connection connection = TestPostgres.connect(database);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT scanned_status FROM " + table + " ORDER BY id")) {
            while (result.next()) {
                statuses.add(result.getString(1));
            }
        }
        return statuses;
    }

    private boolean tableExists(String table) throws SQLException {
        try (Connection connection = TestPostgres.connect(database);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT to_regclass('" + table + "')")) {
            result.next();
            return result.getString(1) != null;
        }
    }

    @Test
    void writesChangedFieldsTheirUpdatedAtAndOneHistoryRowEach() throws Exception {
        Instant before = Instant.now().minusSeconds(5);
        List<ProductSetChange> changes = scanChanges(catalog());
        assertEquals(
                List.of(
                        new ProductSetChange("ps-01", ProductField.ORIGINAL_PRICE, "25000", "26000", "sold_out", null),
                        new ProductSetChange(
                                "ps-01", ProductField.SALE_STATUS, "on_sale", "off_sale", "sold_out", null),
                        new ProductSetChange(
                                "ps-02", ProductField.SALE_STATUS, "sold_out", "off_sale", "not_found", null)),
                changes);

        ProductSetUpdate update = updater(1).apply(changes, "job-1", false);

        assertEquals(new ProductSetUpdate(false, changes, List.of()), update);
        Map<String, CatalogRow> after = catalog();
        CatalogRow ps01 = after.get("ps-01");
        assertEquals(
                new ProductValues("토너 200ml", "https://image.oliveyoung.co.kr/a1.jpg", 26000L, 19900L, "off_sale"),
                ps01.values(),
                "the scanned 0 discounted price is not written; sold out is off_sale");
        assertTrue(ps01.updatedAt().isAfter(before), "updated_at is set: " + ps01.updatedAt());
        assertEquals(
                new ProductValues(ROWS.get(1).productName(), null, 30000L, null, "off_sale"),
                after.get("ps-02").values(),
                "a vanished product only goes off sale");
        assertTrue(after.get("ps-02").updatedAt().isAfter(before));
        assertEquals(ROWS.get(2), after.get("ps-03"), "unchanged products are not touched, updated_at included");
        assertEquals(ROWS.get(3), after.get("ps-04"), "failed scans write nothing");
        assertEquals(
                List.of(
                        List.of("ps-01", "original_price", "25000", "26000", "job-1"),
                        List.of("ps-01", "sale_status", "on_sale", "off_sale", "job-1"),
                        List.of("ps-02", "sale_status", "sold_out", "off_sale", "job-1")),
                history(HISTORY));
        assertEquals(
                List.of("sold_out", "sold_out", "not_found"),
                scannedStatuses(HISTORY),
                "the history keeps the scanner's own status beside the catalog's word");
    }

    @Test
    void aDryRunReportsWhatWouldChangeAndWritesNothing() throws Exception {
        List<ProductSetChange> changes = scanChanges(catalog());

        ProductSetUpdate dryRun = updater(2).apply(changes, "job-dry", true);

        assertEquals(new ProductSetUpdate(true, changes, List.of()), dryRun);
        assertEquals(ROWS, List.copyOf(catalog().values()));
        assertTrue(!tableExists(HISTORY), "not even the history table is created");

        ProductSetUpdate real = updater(2).apply(changes, "job-real", false);
        assertEquals(dryRun.applied(), real.applied(), "the dry run predicted the real run");
    }

    @Test
    void aSecondIdenticalRunChangesNothing() throws Exception {
        List<ProductSetChange> changes = scanChanges(catalog());
        updater(2).apply(changes, "job-1", false);
        Map<String, CatalogRow> afterFirst = catalog();

        ProductSetUpdate again = updater(2).apply(changes, "job-2", false);

        assertEquals(List.of(), again.applied());
        assertEquals(
                changes,
                again.skipped().stream().map(ProductSetUpdate.Skipped::change).toList());
        again.skipped().forEach(s -> assertEquals("the catalog already holds the new value", s.reason()));
        assertEquals(afterFirst, catalog(), "updated_at is not bumped either");
        assertEquals(3, history(HISTORY).size());
        assertEquals(
                List.of(),
                scanChanges(afterFirst).stream()
                        .filter(c -> !c.productSetId().equals("ps-01") || c.field() != ProductField.DISCOUNTED_PRICE)
                        .toList(),
                "a fresh job reading the updated catalog finds nothing to change");
    }

    @Test
    void rowsChangedSinceTheJobReadThemOrGoneAreLeftAlone() throws Exception {
        ProductSetChange stale = new ProductSetChange("ps-01", ProductField.DISCOUNTED_PRICE, "19900", "17900");
        ProductSetChange gone = new ProductSetChange("ps-99", ProductField.PRODUCT_NAME, "x", "y");
        ProductSetChange fresh = new ProductSetChange("ps-03", ProductField.PRODUCT_NAME, "셔츠", "셔츠 L");
        TestPostgres.execute(
                database, "UPDATE product_sets SET discounted_price = 18500 WHERE product_set_id = 'ps-01'");

        ProductSetUpdate update = updater(10).apply(List.of(stale, gone, fresh), "job-1", false);

        assertEquals(List.of(fresh), update.applied());
        assertEquals(
                List.of(
                        new ProductSetUpdate.Skipped(
                                stale, "the catalog changed since the job read it: it now holds '18500', not '19900'"),
                        new ProductSetUpdate.Skipped(gone, "no catalog row has this product_set_id")),
                update.skipped());
        assertEquals(18500L, catalog().get("ps-01").discountedPrice());
        assertEquals("셔츠 L", catalog().get("ps-03").productName());
        assertEquals(List.of(List.of("ps-03", "product_name", "셔츠", "셔츠 L", "job-1")), history(HISTORY));
    }

    @Test
    void aFailingBatchIsRolledBackWholeAndEarlierBatchesStay() throws Exception {
        TestPostgres.execute(
                database, "ALTER TABLE product_sets ADD CONSTRAINT sane_price CHECK (original_price < 1000000)");
        List<ProductSetChange> changes = List.of(
                new ProductSetChange("ps-01", ProductField.ORIGINAL_PRICE, "25000", "26000"),
                new ProductSetChange("ps-02", ProductField.ORIGINAL_PRICE, "30000", "31000"),
                new ProductSetChange("ps-03", ProductField.PRODUCT_NAME, "셔츠", "셔츠 L"),
                new ProductSetChange("ps-03", ProductField.ORIGINAL_PRICE, "59000", "60000"),
                new ProductSetChange("ps-04", ProductField.ORIGINAL_PRICE, "18000", "5000000"));

        CatalogException e =
                assertThrows(CatalogException.class, () -> updater(2).apply(changes, "job-1", false));

        assertTrue(
                e.getMessage()
                        .startsWith("cannot update catalog table product_sets (history table "
                                + "product_set_history) in the batch of product_set_id ps-03 to ps-04; 3 changes of earlier batches "
                                + "were written: "),
                e.getMessage());
        assertTrue(
                e.getMessage().contains("sane_price") && e.getMessage().endsWith("(SQLState 23514)"), e.getMessage());
        Map<String, CatalogRow> after = catalog();
        assertEquals(26000L, after.get("ps-01").originalPrice());
        assertEquals(31000L, after.get("ps-02").originalPrice());
        assertEquals("off_sale", after.get("ps-02").saleStatus(), "written, so held off sale: a crawler added it");
        assertEquals(ROWS.get(2), after.get("ps-03"), "no half-written product from the failed batch");
        assertEquals(ROWS.get(3), after.get("ps-04"));
        assertEquals(
                List.of("ps-01", "ps-02", "ps-02"),
                history(HISTORY).stream().map(List::getFirst).toList());
    }

    @Test
    void worksWithBigintKeysEnumStatusesRenamedColumnsAndQualifiedTables() throws Exception {
        TestPostgres.execute(
                database,
                "CREATE SCHEMA shop",
                "CREATE SCHEMA audit",
                "CREATE TYPE shop.sale_state AS ENUM ('on_sale', 'sold_out', 'off_sale')",
                "CREATE TABLE shop.items (id bigint PRIMARY KEY, sku text, title varchar(200), url text, image text, "
                        + "state shop.sale_state, price numeric(12, 0), sale_price integer, crawled boolean, "
                        + "modified timestamptz)",
                "INSERT INTO shop.items VALUES (7, 's7', 'Old', 'https://a/7', NULL, 'on_sale', 1000, 900, false, "
                        + "'2025-01-01T00:00:00Z'), (8, 's8', 'Keep', 'https://a/8', NULL, 'on_sale', 10, 10, true, "
                        + "NULL)");
        CatalogSchema schema = CatalogSchema.defaults()
                .withTable("shop.items")
                .withColumns(Map.of(
                        "product_set_id",
                        "id",
                        "product_id",
                        "sku",
                        "product_name",
                        "title",
                        "link_url",
                        "url",
                        "thumbnail",
                        "image",
                        "sale_status",
                        "state",
                        "original_price",
                        "price",
                        "discounted_price",
                        "sale_price",
                        "auto_crawled",
                        "crawled",
                        "updated_at",
                        "modified"));
        PostgresCatalog items = new PostgresCatalog(postgres.pool(database), schema);
        CatalogRow seven = CatalogSamples.read(items, new CatalogFilter(null, "on_sale", "s7", null, false))
                .getFirst();
        // a catalog whose enum keeps sold_out apart says so in its vocabulary
        List<ProductSetChange> changes = ChangeDetector.changes(
                seven.productSetId(),
                seven.values(),
                new ProductValues("New", "https://img/7.jpg", 1200L, 950L, "sold_out"),
                "SOLDOUT",
                SaleStatusVocabulary.parse("sold_out:sold_out"));
        ProductSetUpdater updater =
                new ProductSetUpdater(postgres.pool(database), schema, "audit.item_changes", 50, AUTO_CRAWLED_OFF_SALE);

        assertEquals(changes, updater.apply(changes, "job-7", false).applied());

        List<CatalogRow> after = CatalogSamples.read(items, CatalogFilter.all());
        assertEquals(
                new ProductValues("New", "https://img/7.jpg", 1200L, 950L, "sold_out"),
                after.get(0).values());
        assertTrue(after.get(0).updatedAt().isAfter(Instant.parse("2025-01-01T00:00:00Z")));
        assertEquals(
                new ProductValues("Keep", null, 10L, 10L, "on_sale"),
                after.get(1).values());
        assertNull(after.get(1).updatedAt());
        assertEquals(5, history("audit.item_changes").size());
        assertEquals(
                List.of("7", "sale_status", "on_sale", "sold_out", "job-7"),
                history("audit.item_changes").getLast());
    }

    @Test
    void twoChangesOfOneFieldAreRefused() {
        List<ProductSetChange> twice = List.of(
                new ProductSetChange("ps-01", ProductField.PRODUCT_NAME, "a", "b"),
                new ProductSetChange("ps-01", ProductField.PRODUCT_NAME, "a", "c"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> updater(10).apply(twice, "job-1", false));
        assertEquals("two changes of product_name for product_set_id=ps-01", e.getMessage());
    }

    @Test
    void tableNamesAreValidatedAndBatchSizeBounded() {
        assertThrows(
                CatalogException.class,
                () -> new ProductSetUpdater(
                        postgres.pool(database),
                        CatalogSchema.defaults(),
                        "history; DROP TABLE product_sets",
                        10,
                        AUTO_CRAWLED_OFF_SALE));
        assertThrows(
                IllegalArgumentException.class,
                () -> new ProductSetUpdater(
                        postgres.pool(database), CatalogSchema.defaults(), HISTORY, 0, AUTO_CRAWLED_OFF_SALE));
    }

    @Test
    void aRowACrawlerAddedIsHeldOffSale() throws Exception {
        // ps-02 has auto_crawled = true; someone set it on sale by hand
        TestPostgres.execute(
                database, "UPDATE product_sets SET sale_status = 'on_sale' WHERE product_set_id = 'ps-02'");
        ProductValues row = catalog().get("ps-02").values();
        List<ProductSetChange> changes = ChangeDetector.changes(
                "ps-02", row, new ProductValues(row.productName(), null, 31000L, null, "on_sale"), "SALE", WORDS);
        assertEquals(
                List.of(new ProductSetChange(
                        "ps-02", ProductField.ORIGINAL_PRICE, "30000", "31000", "on_sale", "SALE")),
                changes,
                "the scan alone would only change the price");

        ProductSetUpdate update = updater(10).apply(changes, "job-1", false);

        assertEquals(
                List.of(
                        changes.getFirst(),
                        new ProductSetChange(
                                "ps-02", ProductField.SALE_STATUS, "on_sale", "off_sale", "on_sale", "SALE")),
                update.applied(),
                "a row being written is set off sale");
        assertEquals("off_sale", catalog().get("ps-02").saleStatus());
    }

    @Test
    void aScanSayingACrawledRowIsOnSaleWritesNothing() throws Exception {
        TestPostgres.execute(
                database, "UPDATE product_sets SET sale_status = 'off_sale' WHERE product_set_id = 'ps-02'");
        ProductValues row = catalog().get("ps-02").values();
        List<ProductSetChange> changes = ChangeDetector.changes(
                "ps-02", row, new ProductValues(null, null, null, null, "on_sale"), "SALE", WORDS);

        ProductSetUpdate update = updater(10).apply(changes, "job-1", false);

        assertEquals(List.of(), update.applied());
        assertEquals(
                List.of(new ProductSetUpdate.Skipped(
                        changes.getFirst(),
                        "auto_crawled row: sale_status stays off_sale (CATALOG_AUTO_CRAWLED_OFF_SALE)")),
                update.skipped());
        assertEquals("off_sale", catalog().get("ps-02").saleStatus());

        ProductSetUpdater withoutTheRule =
                new ProductSetUpdater(postgres.pool(database), CatalogSchema.defaults(), HISTORY, 10, Optional.empty());
        assertEquals(changes, withoutTheRule.apply(changes, "job-2", false).applied());
        assertEquals("on_sale", catalog().get("ps-02").saleStatus());
    }

    @Test
    void aRealProductSetsExportUpdatesWithNoMappingAndOnlyItsTwoStatuses() throws Exception {
        // the columns of the original service's product_sets export, uuid keys, no auto_crawled column, and a
        // constraint holding sale_status to the catalog's two words: one sold_out written would fail the batch
        HwahaeExport.load(database);
        CatalogSchema schema = CatalogSchema.defaults().withTable("export.product_sets");
        List<CatalogRow> rows = CatalogSamples.read(
                new PostgresCatalog(postgres.pool(database), schema),
                new CatalogFilter("%hwahae.co.kr%", null, null, null, true));
        assertEquals(HwahaeExport.ROWS, rows, "read with no mapping; auto_crawled, absent, reads as null");

        // what the hwahae fixtures say: 21320 unchanged, 30001 sold out (SLDOT), 40400 gone (404), 50000 unreadable,
        // 30002 discontinued (STSEL) with a name and prices the row lacks
        Map<String, ProductValues> scans = new LinkedHashMap<>();
        scans.put("21320", rows.get(0).values());
        scans.put("30001", new ProductValues(rows.get(1).productName(), null, 38000L, 38000L, "sold_out"));
        scans.put("40400", new ProductValues(null, null, null, null, "not_found"));
        scans.put("30002", new ProductValues("[단종] 이니스프리 그린티 씨드 세럼 80ml", null, 27000L, 21600L, "off_sale"));
        List<ProductSetChange> changes = new ArrayList<>();
        for (CatalogRow row : rows) {
            String goods = row.linkUrl().substring(row.linkUrl().lastIndexOf('/') + 1);
            changes.addAll(ChangeDetector.changes(row.productSetId(), row.values(), scans.get(goods), null, WORDS));
        }
        ProductSetUpdate update = new ProductSetUpdater(
                        postgres.pool(database), schema, HISTORY, 10, AUTO_CRAWLED_OFF_SALE)
                .apply(changes, "job-h", false);

        assertEquals(changes, update.applied());
        assertEquals(List.of(), update.skipped());
        List<CatalogRow> after =
                CatalogSamples.read(new PostgresCatalog(postgres.pool(database), schema), CatalogFilter.all());
        assertEquals(
                List.of("on_sale", "off_sale", "off_sale", "on_sale", "off_sale"),
                after.stream().map(CatalogRow::saleStatus).toList());
        assertEquals(HwahaeExport.ROWS.get(0), after.get(0), "an unchanged row is not touched");
        assertEquals(HwahaeExport.ROWS.get(3), after.get(3), "a failed scan writes nothing");
        assertEquals(
                new ProductValues("[단종] 이니스프리 그린티 씨드 세럼 80ml", null, 27000L, 21600L, "off_sale"),
                after.get(4).values());
        assertTrue(after.get(1).updatedAt().isAfter(HwahaeExport.ROWS.get(1).updatedAt()));
        assertEquals(List.of("sold_out", "not_found", "off_sale", "off_sale", "off_sale"), scannedStatuses(HISTORY));
    }
}
