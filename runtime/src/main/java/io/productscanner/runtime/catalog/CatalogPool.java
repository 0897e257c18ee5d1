package io.productscanner.runtime.catalog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import io.productscanner.runtime.config.Setting;
import io.productscanner.runtime.logging.LogEvent;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Objects;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The one pool of catalog connections of a process (HikariCP), shared by the API's catalog look-ups and the workflow
 * nodes that read and write the catalog. It opens on first use, so a process that never touches the catalog never
 * connects, and {@link #close()} closes every connection. A connection that failed by a timeout or a broken socket
 * is discarded by the pool, never handed out again; the next borrower gets a fresh one.
 */
public final class CatalogPool implements AutoCloseable {
    /** The pool's name: in HikariCP's log lines and threads, and the {@code pool} tag of its meters. */
    public static final String NAME = "catalog";

    private static final System.Logger LOG = System.getLogger(CatalogPool.class.getName());
    private static final String APPLICATION_NAME = "product-scanner";
    /** Postgres' cancel of a statement; by statement_timeout when its message says so. */
    private static final String QUERY_CANCELED = "57014";

    private final CatalogDatabase database;
    private final CatalogPoolConfig config;
    private final MetricsTrackerFactory metrics;
    private HikariDataSource dataSource;
    private boolean closed;

    /** @param metrics where the pool's sizes and waits are recorded */
    public CatalogPool(CatalogDatabase database, CatalogPoolConfig config, MetricsTrackerFactory metrics) {
        this.database = Objects.requireNonNull(database, "database");
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** The database's URL without its query, for messages. */
    public String displayUrl() {
        return database.displayUrl();
    }

    /**
     * A connection of the pool, in auto-commit; the caller closes it, which hands it back.
     *
     * @throws CatalogException when none is free within the acquire timeout, or Postgres cannot be reached
     */
    public Connection connection() {
        try {
            return dataSource().getConnection();
        } catch (SQLException e) {
            throw new CatalogException(
                    "cannot connect to the catalog database " + displayUrl() + ": " + describe(e), e);
        }
    }

    /**
     * The driver's message on one line with its SQLState, and, when a limit of this pool ended the wait, which
     * setting holds it.
     */
    String describe(SQLException e) {
        String described = Sql.describe(e);
        if (e instanceof SQLTransientConnectionException) {
            // HikariCP hands on the last failure to open or check a connection, when there was one
            String cause =
                    e.getCause() instanceof SQLException last ? "; last connection failure: " + describe(last) : "";
            return "no connection within " + Setting.CATALOG_ACQUIRE_TIMEOUT_MS.envName() + "="
                    + config.acquireTimeout().toMillis() + " (pool of " + Setting.CATALOG_POOL_SIZE.envName() + "="
                    + config.size() + ")" + cause;
        }
        if (causedBy(e, SocketTimeoutException.class)) {
            return described + ": no answer from " + displayUrl() + " within "
                    + Setting.CATALOG_SOCKET_TIMEOUT_SECONDS.envName() + "="
                    + config.socketTimeout().toSeconds()
                    + "; the connection was discarded";
        }
        if (QUERY_CANCELED.equals(e.getSQLState()) && described.contains("statement timeout")) {
            return described + " (" + Setting.CATALOG_STATEMENT_TIMEOUT_MS.envName() + "="
                    + config.statementTimeout().toMillis() + ")";
        }
        return described;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private synchronized HikariDataSource dataSource() {
        if (closed) {
            throw new CatalogException("the catalog connection pool is closed: the process is stopping");
        }
        if (dataSource == null) {
            dataSource = new HikariDataSource(hikariConfig());
            LogEvent.info(
                    LOG,
                    "catalog.pool_opened",
                    "database",
                    displayUrl(),
                    "size",
                    config.size(),
                    "acquire_timeout_ms",
                    config.acquireTimeout().toMillis(),
                    "socket_timeout_s",
                    config.socketTimeout().toSeconds(),
                    "statement_timeout_ms",
                    config.statementTimeout().toMillis());
        }
        return dataSource;
    }

    private HikariConfig hikariConfig() {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(NAME);
        hikari.setDataSource(postgres());
        hikari.setMaximumPoolSize(config.size());
        // connections are opened when work needs them and closed when idle: catalog work comes in bursts per job
        hikari.setMinimumIdle(0);
        hikari.setConnectionTimeout(config.acquireTimeout().toMillis());
        hikari.setValidationTimeout(Math.min(
                config.acquireTimeout().toMillis(), config.connectTimeout().toMillis()));
        hikari.setIdleTimeout(config.idleTimeout().toMillis());
        hikari.setMaxLifetime(config.maxLifetime().toMillis());
        // start without a connection: an unreachable database fails the work that needs it, not the process
        hikari.setInitializationFailTimeout(-1);
        hikari.setMetricsTrackerFactory(metrics);
        return hikari;
    }

    /** The driver's data source: the URL's own parameters, our login and our limits on every connection. */
    private PGSimpleDataSource postgres() {
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(database.jdbcUrl());
        if (database.user() != null) {
            postgres.setUser(database.user());
        }
        if (database.password() != null) {
            postgres.setPassword(database.password());
        }
        postgres.setApplicationName(APPLICATION_NAME);
        postgres.setConnectTimeout((int) config.connectTimeout().toSeconds());
        postgres.setSocketTimeout((int) config.socketTimeout().toSeconds());
        // server side, so a slow statement is cancelled by Postgres and its connection stays usable
        String timeout = "-c statement_timeout=" + config.statementTimeout().toMillis();
        String options = postgres.getOptions();
        postgres.setOptions(options == null || options.isBlank() ? timeout : options + " " + timeout);
        return postgres;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (dataSource != null) {
            dataSource.close();
        }
    }

    @Override
    public String toString() {
        return "CatalogPool[" + displayUrl() + ", size=" + config.size() + "]";
    }
}
