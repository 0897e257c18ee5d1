package io.productscanner.runtime.config;

/**
 * Every runtime setting: its environment name (the public contract; a Java system property of that name works
 * too) and its key in {@code application.yaml}, which holds its default and says what it does. Grouped by the
 * record that reads them; plugins read their own ({@code MUSINSA_API_URL}, {@code {PLATFORM}_MAX_BODY_BYTES})
 * by name through {@link RawSettings}.
 */
public enum Setting {
    // api.ApiAccess
    PORT("server.port"),
    HOST("server.host"),
    API_TOKEN("server.api-token"),
    ALLOW_UNAUTHENTICATED("server.allow-unauthenticated"),
    API_ALLOWED_HOSTS("server.allowed-hosts"),
    API_ALLOWED_ORIGINS("server.allowed-origins"),
    // api.ApiLimits
    MAX_EXTRACT_WAITS("extract.max-waits"),
    MAX_SCHEDULES("scheduler.max-schedules"),
    // ScannerProcess: the API's extract endpoints, the scheduler, the workflows, the process's name
    EXTRACT_WAIT_MS("extract.wait-ms"),
    SCHEDULER_MIN_GAP_MS("scheduler.min-gap-ms"),
    WORKFLOWS_DIR("workflows.dir"),
    SERVICE_NAME("worker.service-name"),
    // metrics.MetricsConfig (a worker process's metrics listener, with HOST)
    METRICS_PORT("server.metrics-port"),
    // redis.RedisConfig
    REDIS_URL("redis.url"),
    REDIS_HOST("redis.host"),
    REDIS_PORT("redis.port"),
    REDIS_PASSWORD("redis.password"),
    REDIS_SENTINEL_PASSWORD("redis.sentinel-password"),
    REDIS_KEY_PREFIX("redis.key-prefix"),
    // redis.RedisTls
    REDIS_TLS_CA_FILE("redis.tls.ca-file"),
    REDIS_TLS_CERT_FILE("redis.tls.cert-file"),
    REDIS_TLS_KEY_FILE("redis.tls.key-file"),
    // redis.ReplicaAcks
    REDIS_MIN_REPLICA_ACKS("redis.min-replica-acks"),
    REDIS_REPLICA_ACK_TIMEOUT_MS("redis.replica-ack-timeout-ms"),
    // redis.EmbeddedRedis.Options
    EMBEDDED_REDIS_PORT("redis.embedded.port"),
    DATA_DIR("redis.embedded.data-dir"),
    EMBEDDED_REDIS_BINARY("redis.embedded.binary"),
    // plugin.PluginsConfig
    PLUGIN_DIR("plugins.dir"),
    WORKER_PLATFORMS("worker.platforms"),
    // worker.WorkerConfig
    POLL_INTERVAL_MS("worker.poll-interval-ms"),
    SHUTDOWN_GRACE_MS("worker.shutdown-grace-ms"),
    // queue.QueuePolicy
    LOCK_TTL_MS("worker.lock-ttl-ms"),
    JOB_RETENTION_SECONDS("jobs.retention-seconds"),
    MAX_ATTEMPTS("jobs.max-attempts"),
    RETRY_BACKOFF_MS("jobs.retry-backoff-ms"),
    MAX_QUEUED_JOBS_PER_PLATFORM("jobs.max-queued-per-platform"),
    // results.ResultsConfig
    RESULTS_DIR("results.dir"),
    EVIDENCE_MAX_BYTES("results.evidence.max-bytes"),
    EVIDENCE_MAX_PRODUCTS("results.evidence.max-products"),
    // notify.NotifyConfig
    PUBLIC_API_URL("notify.public-api-url"),
    SLACK_WEBHOOK_URL("notify.slack-webhook-url"),
    DISCORD_WEBHOOK_URL("notify.discord-webhook-url"),
    // catalog.CatalogConfig (with DATA_DIR)
    CATALOG_JDBC_URL("catalog.jdbc-url"),
    CATALOG_JDBC_USER("catalog.jdbc-user"),
    CATALOG_JDBC_PASSWORD("catalog.jdbc-password"),
    CATALOG_TABLE("catalog.table"),
    CATALOG_HISTORY_TABLE("catalog.history-table"),
    CATALOG_SALE_STATUS_MAP("catalog.sale-status-map"),
    CATALOG_AUTO_CRAWLED_OFF_SALE("catalog.auto-crawled-off-sale"),
    CATALOG_DIR("catalog.dir"),
    // catalog.CatalogPoolConfig
    CATALOG_POOL_SIZE("catalog.pool.size"),
    CATALOG_ACQUIRE_TIMEOUT_MS("catalog.pool.acquire-timeout-ms"),
    CATALOG_IDLE_TIMEOUT_MS("catalog.pool.idle-timeout-ms"),
    CATALOG_MAX_LIFETIME_MS("catalog.pool.max-lifetime-ms"),
    CATALOG_CONNECT_TIMEOUT_SECONDS("catalog.connect-timeout-seconds"),
    CATALOG_SOCKET_TIMEOUT_SECONDS("catalog.socket-timeout-seconds"),
    CATALOG_STATEMENT_TIMEOUT_MS("catalog.statement-timeout-ms"),
    // logging.LoggingConfig (with SERVICE_NAME)
    LOG_LEVEL("logging.level"),
    LOG_FORMAT("logging.format"),
    ACCESS_LOG("logging.access-log"),
    // cli.operator.ClientConfig (with API_TOKEN)
    API_URL("client.api-url");

    private final String configKey;

    Setting(String configKey) {
        this.configKey = configKey;
    }

    public String envName() {
        return name();
    }

    public String configKey() {
        return configKey;
    }
}
