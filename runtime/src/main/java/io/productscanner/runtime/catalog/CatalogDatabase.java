package io.productscanner.runtime.catalog;

/**
 * How to reach the Postgres database holding the catalog; its connections come from the process's one
 * {@link CatalogPool}.
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
