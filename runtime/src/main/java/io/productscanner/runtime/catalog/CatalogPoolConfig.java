package io.productscanner.runtime.catalog;

import io.productscanner.runtime.config.Setting;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.config.SettingsException;
import java.time.Duration;

/**
 * The catalog's connection pool and the limits on each of its connections. Every wait on Postgres is bounded: for a
 * connection of the pool, for a new connection, for an answer on an open one, and for a statement to finish.
 *
 * @param size             {@code CATALOG_POOL_SIZE}: most connections open at once, API and nodes together
 * @param acquireTimeout   {@code CATALOG_ACQUIRE_TIMEOUT_MS}: longest wait for a connection of the pool
 * @param idleTimeout      {@code CATALOG_IDLE_TIMEOUT_MS}: an unused connection is closed after this
 * @param maxLifetime      {@code CATALOG_MAX_LIFETIME_MS}: every connection is replaced after this
 * @param connectTimeout   {@code CATALOG_CONNECT_TIMEOUT_SECONDS}: TCP connect and login (pgjdbc's connectTimeout)
 * @param socketTimeout    {@code CATALOG_SOCKET_TIMEOUT_SECONDS}: longest silence of Postgres on an open connection
 *                         (pgjdbc's socketTimeout); the connection is then discarded
 * @param statementTimeout {@code CATALOG_STATEMENT_TIMEOUT_MS}: Postgres cancels a statement running longer (its
 *                         {@code statement_timeout}); shorter than the socket timeout, so a slow statement is
 *                         cancelled and its connection kept
 */
public record CatalogPoolConfig(
        int size,
        Duration acquireTimeout,
        Duration idleTimeout,
        Duration maxLifetime,
        Duration connectTimeout,
        Duration socketTimeout,
        Duration statementTimeout) {
    /** HikariCP's least values: it would raise smaller ones silently. */
    static final long LEAST_ACQUIRE_MS = 250;

    static final long LEAST_IDLE_MS = 10_000;
    static final long LEAST_LIFETIME_MS = 30_000;

    public static CatalogPoolConfig from(Settings settings) {
        CatalogPoolConfig config = new CatalogPoolConfig(
                settings.integer(Setting.CATALOG_POOL_SIZE, 1),
                atLeast(
                        settings.millis(Setting.CATALOG_ACQUIRE_TIMEOUT_MS),
                        LEAST_ACQUIRE_MS,
                        Setting.CATALOG_ACQUIRE_TIMEOUT_MS),
                atLeast(
                        settings.millis(Setting.CATALOG_IDLE_TIMEOUT_MS),
                        LEAST_IDLE_MS,
                        Setting.CATALOG_IDLE_TIMEOUT_MS),
                atLeast(
                        settings.millis(Setting.CATALOG_MAX_LIFETIME_MS),
                        LEAST_LIFETIME_MS,
                        Setting.CATALOG_MAX_LIFETIME_MS),
                Duration.ofSeconds(settings.integer(Setting.CATALOG_CONNECT_TIMEOUT_SECONDS, 1)),
                Duration.ofSeconds(settings.integer(Setting.CATALOG_SOCKET_TIMEOUT_SECONDS, 1)),
                settings.millis(Setting.CATALOG_STATEMENT_TIMEOUT_MS));
        if (config.statementTimeout.compareTo(config.socketTimeout) >= 0) {
            throw new SettingsException(Setting.CATALOG_STATEMENT_TIMEOUT_MS.envName() + "="
                    + config.statementTimeout.toMillis() + " must be shorter than "
                    + Setting.CATALOG_SOCKET_TIMEOUT_SECONDS.envName() + "=" + config.socketTimeout.toSeconds()
                    + " (in ms): else a slow statement loses its connection instead of being cancelled");
        }
        if (config.idleTimeout.compareTo(config.maxLifetime) >= 0) {
            throw new SettingsException(Setting.CATALOG_IDLE_TIMEOUT_MS.envName() + "="
                    + config.idleTimeout.toMillis() + " must be shorter than "
                    + Setting.CATALOG_MAX_LIFETIME_MS.envName() + "=" + config.maxLifetime.toMillis());
        }
        return config;
    }

    private static Duration atLeast(Duration value, long leastMillis, Setting setting) {
        if (value.toMillis() < leastMillis) {
            throw new SettingsException(setting.envName() + "='" + value.toMillis() + "' is not valid: must be "
                    + leastMillis + " or more");
        }
        return value;
    }
}
