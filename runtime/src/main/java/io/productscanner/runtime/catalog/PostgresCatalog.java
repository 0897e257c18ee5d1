package io.productscanner.runtime.catalog;

import io.productscanner.runtime.logging.LogEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TimeZone;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The catalog as a Postgres table. Reads page by page with keyset pagination on product_set_id ({@code WHERE
 * product_set_id > last ORDER BY product_set_id LIMIT n}), so large tables stream in bounded memory and every
 * page query uses the key's index; rows come in product_set_id order, compared in the column's own type. This
 * relies on product_set_id being unique, as the table's key, and skips rows where it is null. Filter values are
 * always bound parameters; names come from a validated {@link CatalogSchema}. A table without our bookkeeping
 * columns (a real export has no auto_crawled) reads them as null; see {@link CatalogColumns}.
 */
public final class PostgresCatalog implements CatalogSource {
    public static final int DEFAULT_PAGE_SIZE = 500;
    private static final System.Logger LOG = System.getLogger(PostgresCatalog.class.getName());
    /** Reads {@code timestamp without time zone} values as UTC rather than as the JVM's zone. */
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private static final List<CatalogColumn> SELECTED = List.of(CatalogColumn.values());

    private final CatalogPool pool;
    private final CatalogSchema schema;
    private final int pageSize;
    private final CatalogColumns columns;

    public PostgresCatalog(CatalogPool pool, CatalogSchema schema, int pageSize) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.schema = Objects.requireNonNull(schema, "schema");
        if (pageSize <= 0) {
            throw new IllegalArgumentException("page size must be positive, got " + pageSize);
        }
        this.pageSize = pageSize;
        this.columns = new CatalogColumns(schema);
    }

    public PostgresCatalog(CatalogPool pool, CatalogSchema schema) {
        this(pool, schema, DEFAULT_PAGE_SIZE);
    }

    @Override
    public String describe() {
        return "table " + schema.table() + " in " + pool.displayUrl();
    }

    @Override
    public void read(CatalogFilter filter, Consumer<CatalogRow> each) {
        long started = System.nanoTime();
        int remaining = filter.limit() == null ? Integer.MAX_VALUE : filter.limit();
        long rows = 0;
        int pages = 0;
        try (Connection connection = pool.connection()) {
            connection.setReadOnly(true);
            Query query = query(filter, columns.requireReadable(connection));
            Object lastKey = null;
            while (remaining > 0) {
                int pageLimit = Math.min(pageSize, remaining);
                List<CatalogRow> page = new ArrayList<>(pageLimit);
                lastKey = readPage(connection, query, lastKey, pageLimit, page);
                pages++;
                // the page's statement is closed before the rows are handed on, however long that takes
                page.forEach(each);
                rows += page.size();
                remaining -= page.size();
                if (page.size() < pageLimit) {
                    break;
                }
            }
        } catch (SQLException e) {
            throw new CatalogException("cannot read catalog table " + schema.table() + ": " + pool.describe(e), e);
        }
        LogEvent.info(
                LOG,
                "catalog.read",
                "source",
                "postgres",
                "table",
                schema.table(),
                "rows",
                rows,
                "pages",
                pages,
                "ms",
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Reads one page into {@code page}; returns the page's last key, in the column's own JDBC type. */
    private Object readPage(Connection connection, Query query, Object lastKey, int limit, List<CatalogRow> page)
            throws SQLException {
        String sql = lastKey == null ? query.first : query.next;
        return CatalogSpans.traced(
                "SELECT", schema.table(), sql, () -> readPage(connection, sql, query, lastKey, limit, page));
    }

    private Object readPage(
            Connection connection, String sql, Query query, Object lastKey, int limit, List<CatalogRow> page)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            for (String value : query.values) {
                Sql.bindUntyped(statement, index++, value);
            }
            if (lastKey != null) {
                // bound as the type the driver returned it in, so the comparison stays in the column's type
                statement.setObject(index++, lastKey);
            }
            statement.setInt(index, limit);
            Object key = lastKey;
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    key = result.getObject(1);
                    page.add(row(result));
                }
            }
            return key;
        }
    }

    private CatalogRow row(ResultSet result) throws SQLException {
        String productSetId = result.getString(column(CatalogColumn.PRODUCT_SET_ID));
        try {
            Timestamp updatedAt = result.getTimestamp(column(CatalogColumn.UPDATED_AT), Calendar.getInstance(UTC));
            return new CatalogRow(
                    productSetId,
                    result.getString(column(CatalogColumn.PRODUCT_ID)),
                    result.getString(column(CatalogColumn.PRODUCT_NAME)),
                    result.getString(column(CatalogColumn.LINK_URL)),
                    result.getString(column(CatalogColumn.THUMBNAIL)),
                    result.getString(column(CatalogColumn.SALE_STATUS)),
                    price(result, CatalogColumn.ORIGINAL_PRICE, productSetId),
                    price(result, CatalogColumn.DISCOUNTED_PRICE, productSetId),
                    autoCrawled(result, productSetId),
                    updatedAt == null ? null : updatedAt.toInstant());
        } catch (SQLException e) {
            throw new CatalogException(
                    "catalog table " + schema.table() + ", product_set_id=" + productSetId + ": " + Sql.describe(e), e);
        }
    }

    private Long price(ResultSet result, CatalogColumn column, String productSetId) throws SQLException {
        try {
            return CatalogValues.price(result.getObject(column(column)));
        } catch (IllegalArgumentException e) {
            throw badValue(column, productSetId, e);
        }
    }

    private Boolean autoCrawled(ResultSet result, String productSetId) throws SQLException {
        try {
            return CatalogValues.bool(result.getObject(column(CatalogColumn.AUTO_CRAWLED)));
        } catch (IllegalArgumentException e) {
            throw badValue(CatalogColumn.AUTO_CRAWLED, productSetId, e);
        }
    }

    private CatalogException badValue(CatalogColumn column, String productSetId, IllegalArgumentException e) {
        return new CatalogException(
                "catalog table " + schema.table() + ", column " + schema.column(column) + ", product_set_id="
                        + productSetId + ": " + e.getMessage(),
                e);
    }

    /** 1-based position of a column in the select list. */
    private static int column(CatalogColumn column) {
        return SELECTED.indexOf(column) + 1;
    }

    /** The SQL of the first and the following pages, and the filter values they bind, in order. */
    private record Query(String first, String next, List<String> values) {}

    private Query query(CatalogFilter filter, Set<CatalogColumn> present) {
        String key = schema.sqlColumn(CatalogColumn.PRODUCT_SET_ID);
        List<String> conditions = new ArrayList<>();
        List<String> values = new ArrayList<>();
        conditions.add(key + " IS NOT NULL");
        if (filter.linkUrlPattern() != null) {
            // ::text lets the pattern apply to varchar columns too; the default escape character is backslash
            conditions.add(schema.sqlColumn(CatalogColumn.LINK_URL) + "::text ILIKE ?::text");
            values.add(filter.linkUrlPattern());
        }
        if (filter.saleStatus() != null) {
            conditions.add(schema.sqlColumn(CatalogColumn.SALE_STATUS) + " = ?");
            values.add(filter.saleStatus());
        }
        if (filter.productId() != null) {
            conditions.add(schema.sqlColumn(CatalogColumn.PRODUCT_ID) + " = ?");
            values.add(filter.productId());
        }
        if (filter.productSetId() != null) {
            conditions.add(key + " = ?");
            values.add(filter.productSetId());
        }
        if (filter.excludeAutoCrawled() && present.contains(CatalogColumn.AUTO_CRAWLED)) {
            conditions.add(schema.sqlColumn(CatalogColumn.AUTO_CRAWLED) + " IS NOT TRUE");
        }
        // a column the table lacks is selected as NULL, so every row reads the same way
        String select = "SELECT "
                + SELECTED.stream()
                        .map(c -> present.contains(c) ? schema.sqlColumn(c) : "NULL")
                        .collect(Collectors.joining(", "))
                + " FROM " + schema.sqlTable() + " WHERE ";
        String where = String.join(" AND ", conditions);
        String order = " ORDER BY " + key + " LIMIT ?";
        return new Query(select + where + order, select + where + " AND " + key + " > ?" + order, values);
    }
}
