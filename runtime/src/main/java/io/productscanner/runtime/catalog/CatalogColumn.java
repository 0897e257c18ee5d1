package io.productscanner.runtime.catalog;

import java.util.Locale;
import java.util.Optional;

/** The columns of a catalog table, by their standard ({@code product_sets}) names. */
public enum CatalogColumn {
    PRODUCT_SET_ID,
    PRODUCT_ID,
    PRODUCT_NAME,
    LINK_URL,
    THUMBNAIL,
    SALE_STATUS,
    ORIGINAL_PRICE,
    DISCOUNTED_PRICE,
    AUTO_CRAWLED,
    UPDATED_AT;

    /** The standard name, e.g. {@code link_url}: the default column name and the key in JSONL and CSV files. */
    public String standardName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CatalogColumn> fromStandardName(String name) {
        for (CatalogColumn column : values()) {
            if (column.standardName().equals(name)) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }
}
