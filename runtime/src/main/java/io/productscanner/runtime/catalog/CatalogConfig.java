package io.productscanner.runtime.catalog;

import io.productscanner.runtime.config.Setting;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.product.SaleStatusVocabulary;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The product catalog: the Postgres database, when there is one, how its table and words look, and the one
 * directory catalog files may be read from.
 *
 * @param database           {@code CATALOG_JDBC_URL}, {@code CATALOG_JDBC_USER}, {@code CATALOG_JDBC_PASSWORD};
 *                           empty without a URL
 * @param table              {@code CATALOG_TABLE}, optionally {@code schema.table}
 * @param historyTable       {@code CATALOG_HISTORY_TABLE}: where {@code update_product_set} records each change
 * @param saleStatuses       {@code CATALOG_SALE_STATUS_MAP}: the catalog's words for scanner statuses
 * @param autoCrawledOffSale {@code CATALOG_AUTO_CRAWLED_OFF_SALE}: rows a crawler added are written off sale
 * @param dir                {@code CATALOG_DIR}: the one directory {@code params.catalog_file} may name a file in;
 *                           {@code catalogs} under {@code DATA_DIR} when unset
 * @param pool               the connection pool's size and timeouts
 */
public record CatalogConfig(
        Optional<CatalogDatabase> database,
        String table,
        String historyTable,
        SaleStatusVocabulary saleStatuses,
        boolean autoCrawledOffSale,
        Path dir,
        CatalogPoolConfig pool) {
    public static CatalogConfig from(Settings settings) {
        Optional<CatalogDatabase> database = settings.optional(Setting.CATALOG_JDBC_URL)
                .map(url -> new CatalogDatabase(
                        url,
                        settings.optional(Setting.CATALOG_JDBC_USER).orElse(null),
                        settings.optional(Setting.CATALOG_JDBC_PASSWORD).orElse(null)));
        return new CatalogConfig(
                database,
                settings.string(Setting.CATALOG_TABLE),
                settings.string(Setting.CATALOG_HISTORY_TABLE),
                settings.value(Setting.CATALOG_SALE_STATUS_MAP, SaleStatusVocabulary::parse),
                settings.flag(Setting.CATALOG_AUTO_CRAWLED_OFF_SALE),
                settings.value(
                        Setting.CATALOG_DIR,
                        dir -> dir.isBlank() ? settings.path(Setting.DATA_DIR).resolve("catalogs") : Path.of(dir)),
                CatalogPoolConfig.from(settings));
    }

    /** The standard columns in {@link #table}. */
    public CatalogSchema schema() {
        return CatalogSchema.defaults().withTable(table);
    }
}
