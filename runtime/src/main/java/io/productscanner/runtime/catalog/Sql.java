package io.productscanner.runtime.catalog;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** Small JDBC helpers shared by the catalog's reader and writer. */
final class Sql {
    private Sql() {}

    /** The server's message on one line, with its SQLState, e.g. {@code column "x" does not exist (42703)}. */
    static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String oneLine = message.replaceAll("\\s*\\R\\s*", " ").trim();
        return e.getSQLState() == null ? oneLine : oneLine + " (SQLState " + e.getSQLState() + ")";
    }

    /**
     * Binds text without naming its SQL type, so Postgres takes the type of the column it is compared with or
     * assigned to: the same code then works for text, bigint, uuid and enum columns.
     */
    static void bindUntyped(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.OTHER);
        } else {
            statement.setObject(index, value, Types.OTHER);
        }
    }
}
