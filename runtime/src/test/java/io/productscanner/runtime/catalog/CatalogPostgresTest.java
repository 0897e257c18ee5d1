package io.productscanner.runtime.catalog;

import static io.productscanner.runtime.catalog.CatalogSamples.ROWS;
import static io.productscanner.runtime.catalog.CatalogSamples.ids;
import static io.productscanner.runtime.catalog.CatalogSamples.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link PostgresCatalog} against a real PostgreSQL, and the file catalogs agreeing with it. */
class CatalogPostgresTest {
    @RegisterExtension
    static final TestPostgres postgres = TestPostgres.perClass();

    private static CatalogDatabase database;
    private static PostgresCatalog catalog;

    @BeforeAll
    static void fillCatalog() throws Exception {
        database = postgres.database();
        TestPostgres.execute(database, CatalogSamples.createTable("product_sets"));
        CatalogSamples.insert(database, "product_sets", ROWS);
        // 1200 rows with a bigint key inserted in random order: text order (1, 10, 100, ...) would differ
        TestPostgres.execute(
                database,
                "CREATE SCHEMA shop",
                "CREATE TABLE shop.items (id bigint PRIMARY KEY, sku text, title text, url text, image text, "
                        + "state text, price numeric(12, 2), sale_price bigint, \"order\" boolean, "
                        + "modified timestamp)",
                "INSERT INTO shop.items SELECT n, 'sku-' || n, 'item ' || n, 'https://shop.example/p/' || n, "
                        + "NULL, CASE WHEN n % 3 = 0 THEN 'sold_out' ELSE 'on_sale' END, n * 100, n * 90, "
                        + "n % 5 = 0, timestamp '2025-03-04 05:06:07' FROM generate_series(1, 1200) AS n "
                        + "ORDER BY random()");
        catalog = new PostgresCatalog(postgres.pool(database), CatalogSchema.defaults(), 3);
    }

    private static CatalogFilter pattern(String like) {
        return new CatalogFilter(like, null, null, null, false);
    }

    @Test
    void readsEveryRowWithItsValuesInKeyOrderAcrossPages() {
        assertEquals(ROWS, read(catalog, CatalogFilter.all()));
    }

    @Test
    void linkUrlPatternIsCaseInsensitiveWithWildcardsAndEscapes() {
        assertEquals(List.of("ps-01", "ps-02", "ps-07"), ids(catalog, pattern("%oliveyoung.co.kr%")));
        assertEquals(List.of("ps-05", "ps-08"), ids(catalog, pattern("https://example.com/a_b%")));
        assertEquals(List.of("ps-05"), ids(catalog, pattern("%a\\_b\\%25")));
        assertEquals(List.of(), ids(catalog, pattern("oliveyoung")), "the whole URL must match");
    }

    @Test
    void filtersBySaleStatusProductIdAndAutoCrawled() {
        assertEquals(List.of("ps-02", "ps-08"), ids(catalog, new CatalogFilter(null, "sold_out", null, null, false)));
        assertEquals(List.of("ps-04"), ids(catalog, new CatalogFilter(null, null, "21320", null, false)));
        assertEquals(
                List.of("ps-01", "ps-03", "ps-04", "ps-05", "ps-06", "ps-08"),
                ids(catalog, new CatalogFilter(null, null, null, null, true)),
                "null auto_crawled is kept");
        assertEquals(List.of("ps-01"), ids(catalog, new CatalogFilter("%OLIVEYOUNG%", "on_sale", null, null, true)));
    }

    @Test
    void filtersByProductSetId() {
        assertEquals(List.of("ps-04"), ids(catalog, CatalogFilter.productSet("ps-04")));
        assertEquals(List.of(), ids(catalog, CatalogFilter.productSet("ps-99")));
        assertEquals(List.of(), ids(catalog, CatalogFilter.productSet("ps-04' OR '1'='1")));
        assertEquals(
                CatalogFilter.productSet("ps-04"),
                CatalogFilter.fromJson(Json.read("{\"product_set_id\": \"ps-04\"}")));
        assertEquals(
                List.of("product_set_id must be a string or an integer"),
                CatalogFilter.problems(Json.read("{\"product_set_id\": [1]}")));
    }

    @Test
    void limitStopsAfterThatManyMatchingRows() {
        assertEquals(
                List.of("ps-01", "ps-03", "ps-05", "ps-06"),
                ids(catalog, new CatalogFilter(null, "on_sale", null, 4, false)));
        assertEquals(List.of("ps-01"), ids(catalog, new CatalogFilter(null, null, null, 1, false)));
    }

    @Test
    void filterValuesAreBoundNotSpliced() {
        assertEquals(List.of(), ids(catalog, new CatalogFilter(null, "on_sale' OR '1'='1", null, null, false)));
        assertEquals(
                List.of(),
                ids(catalog, new CatalogFilter(null, null, "x1'; DROP TABLE product_sets; --", null, false)));
        assertEquals(ROWS.size(), ids(catalog, CatalogFilter.all()).size());
    }

    @Test
    void filesFilterExactlyLikeTheTable(@TempDir Path dir) throws Exception {
        CatalogSource jsonl = new JsonlCatalog(CatalogSamples.writeJsonl(dir.resolve("c.jsonl"), ROWS));
        CatalogSource csv = new CsvCatalog(CatalogSamples.writeCsv(dir.resolve("c.csv"), ROWS));
        List<CatalogFilter> filters = List.of(
                CatalogFilter.all(),
                pattern("%oliveyoung%"),
                pattern("%a_b%"),
                pattern("%a\\_b%"),
                pattern("HTTPS://%"),
                pattern("%.com/_____"),
                pattern("%"),
                new CatalogFilter(null, "on_sale", null, null, true),
                new CatalogFilter(null, null, "A000000002", null, false),
                new CatalogFilter("%.co.kr/%", null, null, 2, false),
                new CatalogFilter(null, "off_sale", null, 5, true));
        for (CatalogFilter filter : filters) {
            List<CatalogRow> fromTable = read(catalog, filter);
            assertEquals(fromTable, read(jsonl, filter), "jsonl with " + filter);
            assertEquals(fromTable, read(csv, filter), "csv with " + filter);
        }
    }

    @Test
    void pagesThroughALargeTableReturningEveryRowOnceInKeyOrder() {
        CatalogSchema renamed = CatalogSchema.defaults()
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
                        "order",
                        "updated_at",
                        "modified"));
        PostgresCatalog items = new PostgresCatalog(postgres.pool(database), renamed, 100);

        List<CatalogRow> rows = read(items, CatalogFilter.all());

        assertEquals(
                LongStream.rangeClosed(1, 1200).mapToObj(Long::toString).toList(),
                rows.stream().map(CatalogRow::productSetId).toList());
        CatalogRow row = rows.get(9);
        assertEquals(
                new CatalogRow(
                        "10",
                        "sku-10",
                        "item 10",
                        "https://shop.example/p/10",
                        null,
                        "on_sale",
                        1000L,
                        900L,
                        true,
                        Instant.parse("2025-03-04T05:06:07Z")),
                row);

        List<String> soldOut = new ArrayList<>();
        items.read(new CatalogFilter(null, "sold_out", null, 250, true), row2 -> soldOut.add(row2.productSetId()));
        List<String> expected = LongStream.rangeClosed(1, 1200)
                .filter(n -> n % 3 == 0 && n % 5 != 0)
                .limit(250)
                .mapToObj(Long::toString)
                .toList();
        assertEquals(expected, soldOut);
    }

    @Test
    void defaultPageSizeReadsTheWholeTable() {
        PostgresCatalog items = new PostgresCatalog(
                postgres.pool(database),
                CatalogSchema.defaults()
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
                                "order",
                                "updated_at",
                                "modified")));
        assertEquals(1200, ids(items, CatalogFilter.all()).stream().distinct().count());
    }

    @Test
    void aMissingColumnOrTableIsNamedInTheError() {
        CatalogException noColumn = assertThrows(
                CatalogException.class,
                () -> read(
                        new PostgresCatalog(
                                postgres.pool(database),
                                CatalogSchema.defaults().withColumn(CatalogColumn.THUMBNAIL, "image_url")),
                        CatalogFilter.all()));
        assertTrue(
                noColumn.getMessage().contains("product_sets")
                        && noColumn.getMessage().contains("image_url"),
                noColumn.getMessage());

        CatalogException noTable = assertThrows(
                CatalogException.class,
                () -> read(
                        new PostgresCatalog(
                                postgres.pool(database),
                                CatalogSchema.defaults().withTable("products")),
                        CatalogFilter.all()));
        assertTrue(
                noTable.getMessage().contains("products")
                        && noTable.getMessage().contains("42P01"),
                noTable.getMessage());
    }

    @Test
    void aWrongPasswordOrPortIsACatalogExceptionWithoutThePassword() {
        CatalogDatabase unreachable = new CatalogDatabase(
                "jdbc:postgresql://127.0.0.1:1/catalog_test?password=hunter2", "postgres", "s3cret");
        CatalogException e;
        try (CatalogPool pool = TestPostgres.pool(unreachable, Map.of("CATALOG_ACQUIRE_TIMEOUT_MS", "500"))) {
            e = assertThrows(
                    CatalogException.class,
                    () -> read(new PostgresCatalog(pool, CatalogSchema.defaults()), CatalogFilter.all()));
        }
        assertTrue(
                e.getMessage().startsWith("cannot connect to the catalog database jdbc:postgresql://127.0.0.1:1/"),
                e.getMessage());
        assertTrue(e.getMessage().contains("CATALOG_ACQUIRE_TIMEOUT_MS=500"), e.getMessage());
        assertTrue(e.getMessage().contains("Connection to 127.0.0.1:1 refused"), e.getMessage());
        assertTrue(!e.getMessage().contains("hunter2") && !e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void exceptionsFromTheConsumerStopTheReadUnchanged() {
        IllegalStateException stop = new IllegalStateException("enough");
        List<String> seen = new ArrayList<>();
        IllegalStateException thrown = assertThrows(
                IllegalStateException.class,
                () -> catalog.read(CatalogFilter.all(), row -> {
                    seen.add(row.productSetId());
                    if (seen.size() == 2) {
                        throw stop;
                    }
                }));
        assertEquals(stop, thrown);
        assertEquals(List.of("ps-01", "ps-02"), seen);
    }
}
