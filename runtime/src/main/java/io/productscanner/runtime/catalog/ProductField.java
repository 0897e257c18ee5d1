package io.productscanner.runtime.catalog;

import java.util.Optional;

/** The product fields a job compares and {@code update_product_set} may write back. */
public enum ProductField {
    PRODUCT_NAME(CatalogColumn.PRODUCT_NAME),
    THUMBNAIL(CatalogColumn.THUMBNAIL),
    ORIGINAL_PRICE(CatalogColumn.ORIGINAL_PRICE),
    DISCOUNTED_PRICE(CatalogColumn.DISCOUNTED_PRICE),
    SALE_STATUS(CatalogColumn.SALE_STATUS);

    private final CatalogColumn column;

    ProductField(CatalogColumn column) {
        this.column = column;
    }

    /** The JSON key, e.g. {@code original_price}, as in a product's {@code expected}. */
    public String key() {
        return column.standardName();
    }

    public CatalogColumn column() {
        return column;
    }

    /** Prices are whole KRW amounts; the other fields are text. */
    public boolean isPrice() {
        return this == ORIGINAL_PRICE || this == DISCOUNTED_PRICE;
    }

    public static Optional<ProductField> fromKey(String key) {
        for (ProductField field : values()) {
            if (field.key().equals(key)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }
}
