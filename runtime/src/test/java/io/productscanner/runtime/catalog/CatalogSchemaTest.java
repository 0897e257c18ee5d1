package io.productscanner.runtime.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.config.SettingsException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Table and column names are checked before they can reach SQL. */
class CatalogSchemaTest {
    @Test
    void defaultsAreTheProductSetsNames() {
        CatalogSchema schema = CatalogSchema.defaults();
        assertEquals("product_sets", schema.table());
        for (CatalogColumn column : CatalogColumn.values()) {
            assertEquals(column.standardName(), schema.column(column));
        }
        assertEquals("\"product_sets\"", schema.sqlTable());
        assertEquals("\"link_url\"", schema.sqlColumn(CatalogColumn.LINK_URL));
    }

    @Test
    void schemaQualifiedTablesAndRenamedColumnsAreQuotedPartByPart() {
        CatalogSchema schema = CatalogSchema.defaults()
                .withTable("public.Product_Sets")
                .withColumns(Map.of("link_url", "url", "auto_crawled", "order"));
        assertEquals("\"public\".\"Product_Sets\"", schema.sqlTable());
        assertEquals("\"url\"", schema.sqlColumn(CatalogColumn.LINK_URL));
        assertEquals("\"order\"", schema.sqlColumn(CatalogColumn.AUTO_CRAWLED), "keywords work once quoted");
        assertEquals("product_name", schema.column(CatalogColumn.PRODUCT_NAME));
    }

    @Test
    void namesThatAreNotPlainIdentifiersAreRefused() {
        for (String table : new String[] {
            "product_sets; DROP TABLE x",
            "product\"sets",
            "1table",
            "a.b.c",
            "a.",
            ".a",
            "",
            "테이블",
            "a b",
            "x".repeat(64)
        }) {
            CatalogException e = assertThrows(
                    CatalogException.class, () -> CatalogSchema.defaults().withTable(table), table);
            assertTrue(
                    e.getMessage().startsWith("catalog table name '" + table + "' is not a valid SQL identifier"),
                    e.getMessage());
        }
        CatalogException column = assertThrows(
                CatalogException.class,
                () -> CatalogSchema.defaults().withColumn(CatalogColumn.THUMBNAIL, "image.url"));
        assertTrue(column.getMessage().contains("column name for thumbnail 'image.url'"), column.getMessage());
        assertEquals(
                "x".repeat(63),
                CatalogSchema.defaults().withTable("x".repeat(63)).table());
    }

    @Test
    void twoColumnsCannotShareANameAndUnknownColumnsAreNamed() {
        CatalogException clash = assertThrows(
                CatalogException.class,
                () -> CatalogSchema.defaults().withColumn(CatalogColumn.THUMBNAIL, "product_name"));
        assertEquals(
                "catalog table product_sets: columns product_name and thumbnail are both mapped to 'product_name'",
                clash.getMessage());
        CatalogException unknown = assertThrows(
                CatalogException.class, () -> CatalogSchema.defaults().withColumns(Map.of("price", "p")));
        assertTrue(
                unknown.getMessage().startsWith("catalog table product_sets: 'price' is not a catalog column"),
                unknown.getMessage());
    }

    @Test
    void tableComesFromSettings() {
        assertEquals(
                "product_sets",
                CatalogConfig.from(Settings.of(Map.of())).schema().table());
        assertEquals(
                "catalog.items",
                CatalogConfig.from(Settings.of(Map.of("CATALOG_TABLE", "catalog.items")))
                        .schema()
                        .table());
        assertEquals(
                "product_set_history", CatalogConfig.from(Settings.of(Map.of())).historyTable());
        assertTrue(CatalogConfig.from(Settings.of(Map.of("CATALOG_JDBC_URL", "")))
                .database()
                .isEmpty());
        Settings configured = Settings.of(Map.of(
                "CATALOG_JDBC_URL",
                "jdbc:postgresql://db:5432/shop",
                "CATALOG_JDBC_USER",
                "scanner",
                "CATALOG_JDBC_PASSWORD",
                "pw"));
        CatalogDatabase database = CatalogConfig.from(configured).database().orElseThrow();
        assertEquals(new CatalogDatabase("jdbc:postgresql://db:5432/shop", "scanner", "pw"), database);
        assertTrue(!database.toString().contains("pw"), database.toString());
        assertThrows(
                CatalogException.class,
                () -> CatalogConfig.from(Settings.of(Map.of("CATALOG_JDBC_URL", "jdbc:mysql://db/shop"))));
    }

    @Test
    void theCatalogDirectoryDefaultsToCatalogsUnderTheDataDirectory() {
        assertEquals(
                Path.of("/srv/scanner/catalogs"),
                CatalogConfig.from(Settings.of(Map.of("CATALOG_DIR", "", "DATA_DIR", "/srv/scanner")))
                        .dir());
        assertEquals(
                Path.of("/srv/lists"),
                CatalogConfig.from(Settings.of(Map.of("CATALOG_DIR", "/srv/lists")))
                        .dir());
    }

    @Test
    void aSaleStatusMapThatDoesNotParseStopsStartUpNamingIt() {
        SettingsException e = assertThrows(
                SettingsException.class,
                () -> CatalogConfig.from(Settings.of(Map.of("CATALOG_SALE_STATUS_MAP", "gone:x"))));

        assertEquals(
                "CATALOG_SALE_STATUS_MAP='gone:x' is not valid: unknown sale status 'gone' (expected one of "
                        + "on_sale, sold_out, off_sale, not_found)",
                e.getMessage());
    }
}
