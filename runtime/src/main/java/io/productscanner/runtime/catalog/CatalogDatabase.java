package io.productscanner.runtime.catalog;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * How to reach the Postgres database holding the catalog. Each read and each write batch opens its own
 * connection: catalog work is a few statements per job, so a pool would only hold idle connections.
 *
 * @param jdbcUrl  {@code jdbc:postgresql://host:port/database}
 * @param user     null to use the URL's or the driver's default
 * @param password null for none; never shown by {@link #toString()} or in messages
 */
public record CatalogDatabase(String jdbcUrl, String user, String password) {
    private static final String URL_PREFIX = "jdbc:postgresql:";

    public CatalogDatabase {
        if (jdbcUrl == null || !jdbcUrl.startsWith(URL_PREFIX)) {
            throw new CatalogException("the catalog JDBC URL (CATALOG_JDBC_URL) must start with " + URL_PREFIX);
        }
    }

    /**
     * A new connection; the caller closes it.
     *
     * @throws CatalogException when the database cannot be reached or refuses the login
     */
    public Connection connect() {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "product-scanner");
        try {
            return DriverManager.getConnection(jdbcUrl, properties);
        } catch (SQLException e) {
            throw new CatalogException(
                    "cannot connect to the catalog database " + displayUrl() + ": " + Sql.describe(e), e);
        }
    }

    /** The URL without its query, which may hold a password. */
    public String displayUrl() {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }

    @Override
    public String toString() {
        return "CatalogDatabase[" + displayUrl() + (user == null ? "" : ", user=" + user) + "]";
    }
}
