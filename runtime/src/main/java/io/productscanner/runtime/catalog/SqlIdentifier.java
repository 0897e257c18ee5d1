package io.productscanner.runtime.catalog;

import java.util.regex.Pattern;

/**
 * Table and column names put into SQL text. Values are always bound, but names cannot be, so every name is
 * checked against a strict pattern (a subset of {@code [A-Za-z_][A-Za-z0-9_.]*}) and then double-quoted: a
 * checked name holds no quote, so quoting cannot be escaped, and quoting keeps names that happen to be SQL
 * keywords working. Quoted names match exactly as stored; Postgres stores unquoted names in lower case.
 */
final class SqlIdentifier {
    private static final Pattern PART = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Postgres silently truncates longer names (NAMEDATALEN - 1), which would address another object. */
    private static final int MAX_PART_LENGTH = 63;

    private SqlIdentifier() {}

    /** A table name, optionally qualified by its schema ({@code public.product_sets}), quoted for SQL. */
    static String table(String name, String role) {
        if (name == null) {
            throw new CatalogException(role + " is not set");
        }
        String[] parts = name.split("\\.", -1);
        if (parts.length > 2) {
            throw invalid(name, role, "at most one dot, between schema and table");
        }
        StringBuilder quoted = new StringBuilder();
        for (String part : parts) {
            checkPart(name, part, role);
            quoted.append(quoted.isEmpty() ? "" : ".").append('"').append(part).append('"');
        }
        return quoted.toString();
    }

    /** A column name, quoted for SQL. */
    static String column(String name, String role) {
        if (name == null) {
            throw new CatalogException(role + " is not set");
        }
        checkPart(name, name, role);
        return '"' + name + '"';
    }

    /** The unqualified table name, used to derive index names. */
    static String lastPart(String table) {
        return table.substring(table.lastIndexOf('.') + 1);
    }

    private static void checkPart(String whole, String part, String role) {
        if (!PART.matcher(part).matches()) {
            throw invalid(whole, role, "letters, digits and _, not starting with a digit");
        }
        if (part.length() > MAX_PART_LENGTH) {
            throw invalid(whole, role, "at most " + MAX_PART_LENGTH + " characters per name");
        }
    }

    private static CatalogException invalid(String name, String role, String rule) {
        return new CatalogException(role + " '" + name + "' is not a valid SQL identifier (" + rule + ")");
    }
}
