package io.productscanner.runtime.catalog;

import io.productscanner.runtime.logging.LogEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes {@link ProductSetChange}s back to the catalog table for {@code update_product_set}, and records each
 * written field in a history table (created when missing) with its before and after values, the job id and the
 * time.
 *
 * <p>Products are written in batches, one transaction each, so a failure loses at most the batch in flight and
 * never leaves half a product or a change without its history row. Within a batch the rows are locked and
 * re-read first: a change is written only while the row still holds its {@code before} value. A row changed by
 * someone else since the job read it is left alone, and running the same changes twice writes nothing the second
 * time. A dry run does the same reading without locking or writing anything, not even the history table.
 *
 * <p>With the {@code auto_crawled} rule (the original service's, {@code CATALOG_AUTO_CRAWLED_OFF_SALE}), a row whose
 * {@code auto_crawled} is true is held off sale: any write to it sets sale_status to the off-sale word, and a scan
 * saying it is on sale changes nothing. The rule reads {@code auto_crawled} when it writes, as the original does.
 * Columns the table lacks are never written ({@code updated_at}) or read ({@code auto_crawled}).
 */
public final class ProductSetUpdater {
    public static final int DEFAULT_BATCH_SIZE = 100;
    public static final String DEFAULT_HISTORY_TABLE = "product_set_history";
    /** Every product of a batch is one bound parameter of its SELECT; Postgres allows 65535. */
    static final int MAX_BATCH_SIZE = 10_000;

    private static final int MAX_IDENTIFIER_LENGTH = 63;
    private static final System.Logger LOG = System.getLogger(ProductSetUpdater.class.getName());

    private final CatalogPool pool;
    private final CatalogSchema schema;
    private final String historyTable;
    private final int batchSize;
    private final Optional<String> autoCrawledOffSale;
    private final CatalogColumns columns;
    private volatile boolean historyTableReady;

    /**
     * @param historyTable       the history table, optionally {@code schema.table}
     * @param batchSize          products per transaction
     * @param autoCrawledOffSale the word auto_crawled rows are held at (the catalog's off-sale word); empty turns the
     *                           rule off
     */
    public ProductSetUpdater(
            CatalogPool pool,
            CatalogSchema schema,
            String historyTable,
            int batchSize,
            Optional<String> autoCrawledOffSale) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.schema = Objects.requireNonNull(schema, "schema");
        SqlIdentifier.table(historyTable, "catalog history table name");
        this.historyTable = historyTable;
        if (batchSize <= 0 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException(
                    "batch size must be between 1 and " + MAX_BATCH_SIZE + ", got " + batchSize);
        }
        this.batchSize = batchSize;
        this.autoCrawledOffSale = Objects.requireNonNull(autoCrawledOffSale, "autoCrawledOffSale");
        this.columns = new CatalogColumns(schema);
    }

    /**
     * Writes the changes, or with {@code dryRun} only works out which would be written.
     *
     * @param jobId recorded with each history row; may be null
     * @throws IllegalArgumentException when two changes name the same field of the same product
     * @throws CatalogException         when the database fails; batches before the failing one stay written
     */
    public ProductSetUpdate apply(List<ProductSetChange> changes, String jobId, boolean dryRun) {
        List<List<ProductSetChange>> products = byProduct(changes);
        if (!dryRun && !products.isEmpty()) {
            ensureHistoryTable();
        }
        List<ProductSetChange> applied = new ArrayList<>();
        List<ProductSetUpdate.Skipped> skipped = new ArrayList<>();
        for (int from = 0; from < products.size(); from += batchSize) {
            List<List<ProductSetChange>> batch = products.subList(from, Math.min(from + batchSize, products.size()));
            try {
                runBatch(batch, jobId, dryRun, applied, skipped);
            } catch (SQLException e) {
                throw new CatalogException(
                        "cannot update catalog table " + schema.table() + " (history table "
                                + historyTable + ") in the batch of product_set_id "
                                + batch.getFirst().getFirst().productSetId() + " to "
                                + batch.getLast().getFirst().productSetId() + "; " + applied.size()
                                + " changes of earlier batches were written: " + pool.describe(e),
                        e);
            }
        }
        LogEvent.info(
                LOG,
                "catalog.update",
                "table",
                schema.table(),
                "job_id",
                jobId,
                "dry_run",
                dryRun,
                "products",
                products.size(),
                "applied",
                applied.size(),
                "skipped",
                skipped.size());
        return new ProductSetUpdate(dryRun, applied, skipped);
    }

    /** The changes grouped by product, products in first-seen order. */
    private static List<List<ProductSetChange>> byProduct(List<ProductSetChange> changes) {
        Map<String, Map<ProductField, ProductSetChange>> grouped = new LinkedHashMap<>();
        for (ProductSetChange change : changes) {
            ProductSetChange twin = grouped.computeIfAbsent(change.productSetId(), id -> new LinkedHashMap<>())
                    .put(change.field(), change);
            if (twin != null) {
                throw new IllegalArgumentException(
                        "two changes of " + change.field().key() + " for product_set_id=" + change.productSetId());
            }
        }
        return grouped.values().stream()
                .map(fields -> List.copyOf(fields.values()))
                .toList();
    }

    private void runBatch(
            List<List<ProductSetChange>> batch,
            String jobId,
            boolean dryRun,
            List<ProductSetChange> applied,
            List<ProductSetUpdate.Skipped> skipped)
            throws SQLException {
        try (Connection connection = pool.connection()) {
            connection.setReadOnly(dryRun);
            connection.setAutoCommit(false);
            try {
                Set<CatalogColumn> present = columns.require(connection, written(batch));
                Map<String, Row> current = currentValues(connection, batch, present, !dryRun);
                List<List<ProductSetChange>> toWrite = new ArrayList<>();
                for (List<ProductSetChange> product : batch) {
                    Row row = current.get(product.getFirst().productSetId());
                    List<ProductSetChange> writable = new ArrayList<>();
                    for (ProductSetChange change : heldOffSale(product, row, skipped)) {
                        String reason = whyNot(change, row == null ? null : row.values());
                        if (reason == null) {
                            writable.add(change);
                        } else {
                            skipped.add(new ProductSetUpdate.Skipped(change, reason));
                        }
                    }
                    if (!writable.isEmpty()) {
                        toWrite.add(writable);
                    }
                }
                if (!dryRun) {
                    update(connection, toWrite, present.contains(CatalogColumn.UPDATED_AT));
                    recordHistory(connection, toWrite, jobId);
                }
                connection.commit();
                toWrite.forEach(applied::addAll);
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailure) {
                    // the connection is closed next, which discards the transaction anyway; keep the first cause
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        }
    }

    /** The product_set_id and the columns the batch writes: the table must have them. */
    private static Set<CatalogColumn> written(List<List<ProductSetChange>> batch) {
        Set<CatalogColumn> written = EnumSet.of(CatalogColumn.PRODUCT_SET_ID);
        batch.forEach(
                product -> product.forEach(change -> written.add(change.field().column())));
        return written;
    }

    /**
     * The product's changes under the auto_crawled rule: for a row added by a crawler, a sale status other than the
     * off-sale word is not written, and a row being written is set off sale.
     */
    private List<ProductSetChange> heldOffSale(
            List<ProductSetChange> product, Row row, List<ProductSetUpdate.Skipped> skipped) {
        if (autoCrawledOffSale.isEmpty() || row == null || !Boolean.TRUE.equals(row.autoCrawled())) {
            return product;
        }
        String offSale = autoCrawledOffSale.get();
        List<ProductSetChange> held = new ArrayList<>();
        boolean statusWritten = false;
        ProductSetChange replaced = null;
        for (ProductSetChange change : product) {
            if (change.field() != ProductField.SALE_STATUS) {
                held.add(change);
            } else if (offSale.equals(change.after())) {
                held.add(change);
                statusWritten = true;
            } else {
                skipped.add(new ProductSetUpdate.Skipped(
                        change, "auto_crawled row: sale_status stays " + offSale + " (CATALOG_AUTO_CRAWLED_OFF_SALE)"));
                replaced = change.withAfter(offSale);
            }
        }
        String now = row.values().saleStatus();
        if (!statusWritten && !offSale.equals(now == null ? null : now.trim())) {
            if (replaced != null) {
                held.add(replaced);
            } else if (!held.isEmpty()) {
                ProductSetChange first = held.getFirst();
                held.add(new ProductSetChange(
                        first.productSetId(),
                        ProductField.SALE_STATUS,
                        now,
                        offSale,
                        first.scannedStatus(),
                        first.rawStatus()));
            }
        }
        return held;
    }

    /** Null when the change is to be written; otherwise why not. */
    private static String whyNot(ProductSetChange change, ProductValues row) {
        if (row == null) {
            return "no catalog row has this product_set_id";
        }
        String now = row.text(change.field());
        if (Objects.equals(now, change.after())) {
            return "the catalog already holds the new value";
        }
        if (!Objects.equals(now, change.before())) {
            return "the catalog changed since the job read it: it now holds " + (now == null ? "null" : "'" + now + "'")
                    + ", not " + (change.before() == null ? "null" : "'" + change.before() + "'");
        }
        return null;
    }

    /** A catalog row as it is now: its compared fields, and whether a crawler added it (null when unknown). */
    private record Row(ProductValues values, Boolean autoCrawled) {}

    /** The batch's rows as they are now, by product_set_id; locked until commit unless it is a dry run. */
    private Map<String, Row> currentValues(
            Connection connection, List<List<ProductSetChange>> batch, Set<CatalogColumn> present, boolean lock)
            throws SQLException {
        boolean readAutoCrawled = autoCrawledOffSale.isPresent() && present.contains(CatalogColumn.AUTO_CRAWLED);
        String sql = "SELECT " + column(CatalogColumn.PRODUCT_SET_ID) + ", "
                + EnumSet.allOf(ProductField.class).stream()
                        .map(f -> present.contains(f.column()) ? column(f.column()) : "NULL")
                        .collect(Collectors.joining(", "))
                + ", " + (readAutoCrawled ? column(CatalogColumn.AUTO_CRAWLED) : "NULL")
                + " FROM " + schema.sqlTable() + " WHERE " + column(CatalogColumn.PRODUCT_SET_ID) + " IN ("
                + String.join(", ", Collections.nCopies(batch.size(), "?")) + ")" + (lock ? " FOR UPDATE" : "");
        return CatalogSpans.traced("SELECT", schema.table(), sql, () -> currentValues(connection, sql, batch));
    }

    private Map<String, Row> currentValues(Connection connection, String sql, List<List<ProductSetChange>> batch)
            throws SQLException {
        Map<String, Row> rows = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < batch.size(); i++) {
                Sql.bindUntyped(select, i + 1, batch.get(i).getFirst().productSetId());
            }
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    String id = result.getString(1);
                    rows.put(
                            id,
                            new Row(
                                    new ProductValues(
                                            result.getString(2),
                                            result.getString(3),
                                            price(result, 4, ProductField.ORIGINAL_PRICE, id),
                                            price(result, 5, ProductField.DISCOUNTED_PRICE, id),
                                            result.getString(6)),
                                    autoCrawled(result.getObject(7), id)));
                }
            }
        }
        return rows;
    }

    private Boolean autoCrawled(Object value, String productSetId) {
        try {
            return CatalogValues.bool(value);
        } catch (IllegalArgumentException e) {
            throw badValue(CatalogColumn.AUTO_CRAWLED, productSetId, e);
        }
    }

    private Long price(ResultSet result, int index, ProductField field, String productSetId) throws SQLException {
        try {
            return CatalogValues.price(result.getObject(index));
        } catch (IllegalArgumentException e) {
            throw badValue(field.column(), productSetId, e);
        }
    }

    private CatalogException badValue(CatalogColumn column, String productSetId, IllegalArgumentException e) {
        return new CatalogException(
                "catalog table " + schema.table() + ", column " + schema.column(column) + ", product_set_id="
                        + productSetId + ": " + e.getMessage(),
                e);
    }

    /** One UPDATE per product, all its fields and updated_at together; products with the same fields batched. */
    private void update(Connection connection, List<List<ProductSetChange>> products, boolean stampUpdatedAt)
            throws SQLException {
        // one statement per set of written fields, each run as one batch in its own span
        Map<Set<ProductField>, PreparedStatement> statements = new HashMap<>();
        Map<Set<ProductField>, String> sqls = new HashMap<>();
        try {
            for (List<ProductSetChange> product : products) {
                Map<ProductField, ProductSetChange> byField = new EnumMap<>(ProductField.class);
                product.forEach(change -> byField.put(change.field(), change));
                PreparedStatement statement = statements.get(byField.keySet());
                if (statement == null) {
                    String sql = updateSql(byField.keySet(), stampUpdatedAt);
                    statement = connection.prepareStatement(sql);
                    statements.put(EnumSet.copyOf(byField.keySet()), statement);
                    sqls.put(EnumSet.copyOf(byField.keySet()), sql);
                }
                int index = 1;
                for (ProductSetChange change : byField.values()) {
                    if (change.field().isPrice()) {
                        statement.setLong(index++, Long.parseLong(change.after()));
                    } else {
                        Sql.bindUntyped(statement, index++, change.after());
                    }
                }
                Sql.bindUntyped(statement, index, product.getFirst().productSetId());
                statement.addBatch();
            }
            for (Map.Entry<Set<ProductField>, PreparedStatement> statement : statements.entrySet()) {
                CatalogSpans.traced(
                        "UPDATE",
                        schema.table(),
                        sqls.get(statement.getKey()),
                        () -> statement.getValue().executeBatch());
            }
        } finally {
            for (PreparedStatement statement : statements.values()) {
                statement.close();
            }
        }
    }

    private String updateSql(Set<ProductField> fields, boolean stampUpdatedAt) {
        return "UPDATE " + schema.sqlTable() + " SET "
                + fields.stream().map(f -> column(f.column()) + " = ?").collect(Collectors.joining(", "))
                + (stampUpdatedAt ? ", " + column(CatalogColumn.UPDATED_AT) + " = now()" : "")
                + " WHERE " + column(CatalogColumn.PRODUCT_SET_ID) + " = ?";
    }

    private void recordHistory(Connection connection, List<List<ProductSetChange>> products, String jobId)
            throws SQLException {
        if (products.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO " + SqlIdentifier.table(historyTable, "catalog history table name")
                + " (product_set_id, field, before_value, after_value, scanned_status, raw_status, job_id, changed_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, now())";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (List<ProductSetChange> product : products) {
                for (ProductSetChange change : product) {
                    insert.setString(1, change.productSetId());
                    insert.setString(2, change.field().key());
                    insert.setString(3, change.before());
                    insert.setString(4, change.after());
                    insert.setString(5, change.scannedStatus());
                    insert.setString(6, change.rawStatus());
                    insert.setString(7, jobId);
                    insert.addBatch();
                }
            }
            CatalogSpans.traced("INSERT", historyTable, sql, insert::executeBatch);
        }
    }

    private void ensureHistoryTable() {
        if (historyTableReady) {
            return;
        }
        String table = SqlIdentifier.table(historyTable, "catalog history table name");
        String index = SqlIdentifier.column(indexName(), "catalog history index name");
        try (Connection connection = pool.connection();
                Statement statement = connection.createStatement()) {
            execute(
                    statement,
                    "CREATE TABLE",
                    "CREATE TABLE IF NOT EXISTS " + table + " ("
                            + "id bigserial PRIMARY KEY, "
                            + "product_set_id text NOT NULL, "
                            + "field text NOT NULL, "
                            + "before_value text, "
                            + "after_value text, "
                            + "scanned_status text, "
                            + "raw_status text, "
                            + "job_id text, "
                            + "changed_at timestamptz NOT NULL DEFAULT now())");
            // tables made before the scan's statuses were kept
            execute(statement, "ALTER TABLE", "ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS scanned_status text");
            execute(statement, "ALTER TABLE", "ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS raw_status text");
            execute(
                    statement,
                    "CREATE INDEX",
                    "CREATE INDEX IF NOT EXISTS " + index + " ON " + table + " (product_set_id, changed_at)");
        } catch (SQLException e) {
            if (!createdConcurrently(e)) {
                throw new CatalogException(
                        "cannot create catalog history table " + historyTable + ": " + pool.describe(e), e);
            }
        }
        historyTableReady = true;
    }

    private void execute(Statement statement, String operation, String sql) throws SQLException {
        CatalogSpans.traced(operation, historyTable, sql, () -> statement.execute(sql));
    }

    /** Two workers creating the table at once: IF NOT EXISTS does not cover that race, but the table is there. */
    private static boolean createdConcurrently(SQLException e) {
        return "23505".equals(e.getSQLState()) || "42P07".equals(e.getSQLState());
    }

    private String indexName() {
        String name = SqlIdentifier.lastPart(historyTable) + "_product_set_id_idx";
        return name.length() <= MAX_IDENTIFIER_LENGTH ? name : name.substring(0, MAX_IDENTIFIER_LENGTH);
    }

    private String column(CatalogColumn column) {
        return schema.sqlColumn(column);
    }
}
