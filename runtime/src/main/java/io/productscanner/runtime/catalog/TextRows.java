package io.productscanner.runtime.catalog;

import java.util.function.Function;

/** Builds a {@link CatalogRow} from the text of each column, as a file holds it. */
final class TextRows {
    private TextRows() {}

    /**
     * @param text the text of a column, or null when absent
     * @throws IllegalArgumentException naming the column whose text does not fit its type
     */
    static CatalogRow parse(Function<CatalogColumn, String> text) {
        return new CatalogRow(
                text.apply(CatalogColumn.PRODUCT_SET_ID),
                text.apply(CatalogColumn.PRODUCT_ID),
                text.apply(CatalogColumn.PRODUCT_NAME),
                text.apply(CatalogColumn.LINK_URL),
                text.apply(CatalogColumn.THUMBNAIL),
                text.apply(CatalogColumn.SALE_STATUS),
                typed(text, CatalogColumn.ORIGINAL_PRICE, CatalogValues::price),
                typed(text, CatalogColumn.DISCOUNTED_PRICE, CatalogValues::price),
                typed(text, CatalogColumn.AUTO_CRAWLED, CatalogValues::bool),
                typed(text, CatalogColumn.UPDATED_AT, CatalogValues::timestamp));
    }

    private static <T> T typed(Function<CatalogColumn, String> text, CatalogColumn column, Function<String, T> parse) {
        try {
            return parse.apply(text.apply(column));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(column.standardName() + " " + e.getMessage(), e);
        }
    }
}
