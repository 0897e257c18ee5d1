package io.productscanner.runtime.catalog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which of the catalog's columns a table really has, read from the table itself. A real {@code product_sets} export
 * lacks our bookkeeping columns ({@code auto_crawled}, possibly {@code updated_at}): such a column then reads as null
 * and is never written. Every other column, and a bookkeeping column the schema renames, must exist.
 */
final class CatalogColumns {
    private static final Set<CatalogColumn> BOOKKEEPING =
            EnumSet.of(CatalogColumn.AUTO_CRAWLED, CatalogColumn.UPDATED_AT);

    private final CatalogSchema schema;
    private volatile Set<CatalogColumn> present;

    CatalogColumns(CatalogSchema schema) {
        this.schema = schema;
    }

    /** The table's columns among ours; read on first use. */
    Set<CatalogColumn> present(Connection connection) throws SQLException {
        Set<CatalogColumn> known = present;
        if (known == null) {
            known = read(connection);
            present = known;
        }
        return known;
    }

    /** The present columns, after checking the table has all but the bookkeeping ones under their standard names. */
    Set<CatalogColumn> requireReadable(Connection connection) throws SQLException {
        Set<CatalogColumn> needed = EnumSet.allOf(CatalogColumn.class);
        BOOKKEEPING.stream()
                .filter(c -> schema.column(c).equals(c.standardName()))
                .forEach(needed::remove);
        return require(connection, needed);
    }

    /** @throws CatalogException when the table lacks a column the caller cannot do without */
    Set<CatalogColumn> require(Connection connection, Set<CatalogColumn> needed) throws SQLException {
        Set<CatalogColumn> columns = present(connection);
        for (CatalogColumn column : needed) {
            if (!columns.contains(column)) {
                throw new CatalogException("catalog table " + schema.table() + " has no column " + schema.column(column)
                        + " (" + column.standardName() + "), which is needed here");
            }
        }
        return columns;
    }

    private Set<CatalogColumn> read(Connection connection) throws SQLException {
        String sql = "SELECT * FROM " + schema.sqlTable() + " WHERE false";
        Set<String> names = CatalogSpans.traced("SELECT", schema.table(), sql, () -> {
            Set<String> found = new HashSet<>();
            try (Statement statement = connection.createStatement();
                    ResultSet empty = statement.executeQuery(sql)) {
                ResultSetMetaData meta = empty.getMetaData();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    found.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
                }
            }
            return found;
        });
        Set<CatalogColumn> columns = EnumSet.noneOf(CatalogColumn.class);
        for (CatalogColumn column : CatalogColumn.values()) {
            if (names.contains(schema.column(column).toLowerCase(Locale.ROOT))) {
                columns.add(column);
            }
        }
        return columns;
    }
}
