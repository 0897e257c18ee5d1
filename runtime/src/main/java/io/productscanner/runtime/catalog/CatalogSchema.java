package io.productscanner.runtime.catalog;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the catalog lives in Postgres: the table and the name of each {@link CatalogColumn}. Names default to
 * the standard {@code product_sets} ones and are validated as SQL identifiers on construction, so a schema that
 * exists can be put into SQL safely.
 *
 * @param table   table name, optionally {@code schema.table}
 * @param columns the column name of every {@link CatalogColumn}; missing entries take the standard name
 */
public record CatalogSchema(String table, Map<CatalogColumn, String> columns) {
    public static final String DEFAULT_TABLE = "product_sets";

    public CatalogSchema {
        SqlIdentifier.table(table, "catalog table name");
        Map<CatalogColumn, String> complete = new EnumMap<>(CatalogColumn.class);
        Map<String, CatalogColumn> seen = new HashMap<>();
        for (CatalogColumn column : CatalogColumn.values()) {
            String name = columns == null ? column.standardName() : columns.getOrDefault(column, column.standardName());
            SqlIdentifier.column(name, "catalog table " + table + ": column name for " + column.standardName());
            CatalogColumn clash = seen.put(name, column);
            if (clash != null) {
                throw new CatalogException("catalog table " + table + ": columns " + clash.standardName() + " and "
                        + column.standardName() + " are both mapped to '" + name + "'");
            }
            complete.put(column, name);
        }
        columns = Map.copyOf(complete);
    }

    /** {@code product_sets} with the standard column names. */
    public static CatalogSchema defaults() {
        return new CatalogSchema(DEFAULT_TABLE, Map.of());
    }

    public CatalogSchema withTable(String newTable) {
        return new CatalogSchema(newTable, columns);
    }

    public CatalogSchema withColumn(CatalogColumn column, String name) {
        Map<CatalogColumn, String> changed = new EnumMap<>(columns);
        changed.put(column, name);
        return new CatalogSchema(table, changed);
    }

    /**
     * Renames columns given by standard name, e.g. {@code {"link_url": "url"}} from a node's config.
     *
     * @throws CatalogException for a key that is not a standard column name, or an invalid name
     */
    public CatalogSchema withColumns(Map<String, String> namesByStandardName) {
        Map<CatalogColumn, String> changed = new EnumMap<>(columns);
        namesByStandardName.forEach((standard, name) -> changed.put(
                CatalogColumn.fromStandardName(standard)
                        .orElseThrow(() -> new CatalogException("catalog table " + table + ": '" + standard
                                + "' is not a catalog column (columns: " + standardNames() + ")")),
                name));
        return new CatalogSchema(table, changed);
    }

    /** The configured name of a column, as stored. */
    public String column(CatalogColumn column) {
        return columns.get(column);
    }

    String sqlTable() {
        return SqlIdentifier.table(table, "catalog table name");
    }

    String sqlColumn(CatalogColumn column) {
        return SqlIdentifier.column(column(column), "column name for " + column.standardName());
    }

    private static String standardNames() {
        return String.join(
                ", ",
                Arrays.stream(CatalogColumn.values())
                        .map(CatalogColumn::standardName)
                        .toList());
    }
}
