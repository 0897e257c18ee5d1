package io.productscanner.runtime.catalog;

import java.util.function.Consumer;

/** Where a job reads its products from: a Postgres table or a file. */
public interface CatalogSource {
    /**
     * Streams the rows matching {@code filter} to {@code each}, one at a time, without holding the whole catalog
     * in memory. Exceptions thrown by {@code each} stop the read and propagate unchanged.
     *
     * @throws CatalogException when the catalog cannot be read; the message names the table, column or file
     */
    void read(CatalogFilter filter, Consumer<CatalogRow> each);

    /** What this source reads, for logs and messages, e.g. {@code table product_sets} or {@code file a.csv}. */
    String describe();
}
