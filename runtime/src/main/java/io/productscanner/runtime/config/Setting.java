package io.productscanner.runtime.config;

/** Every runtime setting: its environment name (public contract) and its key in {@code application.yaml}. */
public enum Setting {
    PORT("server.port"),
    HOST("server.host"),
    API_TOKEN("server.api-token"),
    ALLOW_UNAUTHENTICATED("server.allow-unauthenticated"),
    API_ALLOWED_HOSTS("server.allowed-hosts"),
    API_ALLOWED_ORIGINS("server.allowed-origins"),
    METRICS_PORT("server.metrics-port"),
    LOG_FORMAT("logging.format"),
    REDIS_URL("redis.url"),
    REDIS_HOST("redis.host"),
    REDIS_PORT("redis.port"),
    REDIS_PASSWORD("redis.password"),
    REDIS_KEY_PREFIX("redis.key-prefix"),
    EMBEDDED_REDIS_PORT("redis.embedded.port"),
    DATA_DIR("redis.embedded.data-dir"),
    EMBEDDED_REDIS_BINARY("redis.embedded.binary"),
    WORKER_PLATFORMS("worker.platforms"),
    SERVICE_NAME("worker.service-name"),
    LOCK_TTL_MS("worker.lock-ttl-ms"),
    POLL_INTERVAL_MS("worker.poll-interval-ms"),
    SHUTDOWN_GRACE_MS("worker.shutdown-grace-ms"),
    MAX_ATTEMPTS("jobs.max-attempts"),
    RETRY_BACKOFF_MS("jobs.retry-backoff-ms"),
    JOB_RETENTION_SECONDS("jobs.retention-seconds"),
    PLUGIN_DIR("plugins.dir"),
    WORKFLOWS_DIR("workflows.dir"),
    RESULTS_DIR("results.dir"),
    LOG_LEVEL("logging.level"),
    API_URL("client.api-url"),
    PUBLIC_API_URL("notify.public-api-url"),
    SLACK_WEBHOOK_URL("notify.slack-webhook-url"),
    DISCORD_WEBHOOK_URL("notify.discord-webhook-url"),
    CATALOG_JDBC_URL("catalog.jdbc-url"),
    CATALOG_JDBC_USER("catalog.jdbc-user"),
    CATALOG_JDBC_PASSWORD("catalog.jdbc-password"),
    CATALOG_TABLE("catalog.table"),
    CATALOG_HISTORY_TABLE("catalog.history-table"),
    CATALOG_SALE_STATUS_MAP("catalog.sale-status-map"),
    CATALOG_AUTO_CRAWLED_OFF_SALE("catalog.auto-crawled-off-sale"),
    CATALOG_DIR("catalog.dir"),
    EVIDENCE_MAX_BYTES("results.evidence.max-bytes"),
    EVIDENCE_MAX_PRODUCTS("results.evidence.max-products"),
    SCHEDULER_MIN_GAP_MS("scheduler.min-gap-ms"),
    EXTRACT_WAIT_MS("extract.wait-ms"),
    MAX_QUEUED_JOBS_PER_PLATFORM("jobs.max-queued-per-platform"),
    MAX_SCHEDULES("scheduler.max-schedules"),
    MAX_EXTRACT_WAITS("extract.max-waits");

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
