package io.productscanner.runtime.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The process settings, read once. Each setting has a public environment name (listed in docs/CONFIGURATION.md,
 * a contract with operators) and a key in {@code application.yaml}, which holds the defaults. Lookup order: explicit
 * overrides (tests, embedders), the environment, Java system properties, then {@code application.yaml}.
 */
public final class Settings {
    private final Map<String, String> overrides;
    private final Map<String, String> environment;
    private final Config defaults;

    private Settings(Map<String, String> overrides, Map<String, String> environment, Config defaults) {
        this.overrides = Map.copyOf(overrides);
        this.environment = Map.copyOf(environment);
        this.defaults = defaults;
    }

    /** Settings of this process: environment and system properties over the bundled defaults. */
    public static Settings fromEnvironment() {
        return new Settings(Map.of(), System.getenv(), bundledDefaults());
    }

    /** Settings with explicit values taking precedence over the environment; used by tests and the bench. */
    public static Settings of(Map<String, String> overrides) {
        return new Settings(overrides, System.getenv(), bundledDefaults());
    }

    /** A copy with more overrides on top. */
    public Settings with(Map<String, String> more) {
        Map<String, String> merged = new HashMap<>(overrides);
        merged.putAll(more);
        return new Settings(merged, environment, defaults);
    }

    private static Config bundledDefaults() {
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .sources(ConfigSources.classpath("application.yaml"))
                .build();
    }

    /** A raw setting by its environment name, e.g. {@code MUSINSA_API_URL}; blank counts as unset. */
    public Optional<String> raw(String envName) {
        String value = overrides.get(envName);
        if (value == null) {
            value = environment.get(envName);
        }
        if (value == null) {
            value = System.getProperty(envName);
        }
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    private <T> T get(Setting setting, Function<String, T> parse) {
        String value = raw(setting.envName())
                .or(() -> defaults.get(setting.configKey()).asString().asOptional())
                .orElseThrow(() -> new SettingsException(setting.envName() + " is not set and has no default"));
        try {
            return parse.apply(value);
        } catch (RuntimeException e) {
            throw new SettingsException(setting.envName() + "='" + value + "' is not valid: " + e.getMessage());
        }
    }

    private Optional<String> optional(Setting setting) {
        return raw(setting.envName()).or(() -> defaults.get(setting.configKey()).asString().asOptional()
                .filter(v -> !v.isBlank()));
    }

    public int port() {
        return get(Setting.PORT, Integer::parseInt);
    }

    /** {@code HOST} when set explicitly; empty lets the API pick by whether it is protected (see ListenAddress). */
    public Optional<String> host() {
        return optional(Setting.HOST);
    }

    /** {@code API_TOKEN}: when present, every {@code /api/v2} call must carry it as a bearer token. */
    public Optional<String> apiToken() {
        Optional<String> token = optional(Setting.API_TOKEN);
        // it travels in an HTTP header, where anything else is mangled or refused by clients
        if (token.isPresent() && !token.get().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new SettingsException("API_TOKEN must be printable ASCII without spaces");
        }
        return token;
    }

    /** {@code METRICS_PORT}: where a {@code worker} process (which runs no API) serves {@code /observe/metrics}. */
    public int metricsPort() {
        return get(Setting.METRICS_PORT, v -> {
            int port = Integer.parseInt(v.trim());
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("must be a port number, 0 for any free port");
            }
            return port;
        });
    }

    /** {@code ALLOW_UNAUTHENTICATED}: opt in to an API without a token on every interface. */
    public boolean allowUnauthenticated() {
        return get(Setting.ALLOW_UNAUTHENTICATED, Settings::strictBoolean);
    }

    /**
     * {@code API_ALLOWED_HOSTS}: the names, besides localhost and IP addresses, that browsers may use for the API
     * in its {@code Host} header (lower case; a port given is dropped, the check ignores it).
     */
    public List<String> apiAllowedHosts() {
        return commaSeparated(Setting.API_ALLOWED_HOSTS).stream().map(name -> {
            String host = name.toLowerCase(java.util.Locale.ROOT).replaceFirst(":[0-9]+$", "");
            if (!host.matches("[a-z0-9]([a-z0-9_.-]*[a-z0-9])?")) {
                throw new SettingsException("API_ALLOWED_HOSTS: '" + name + "' is not a host name");
            }
            return host;
        }).distinct().toList();
    }

    /** {@code API_ALLOWED_ORIGINS}: origins ({@code scheme://host[:port]}) besides the API's own allowed to write. */
    public List<String> apiAllowedOrigins() {
        return commaSeparated(Setting.API_ALLOWED_ORIGINS).stream().map(value -> {
            String origin = value.toLowerCase(java.util.Locale.ROOT).replaceFirst("/$", "");
            if (!origin.matches("https?://[a-z0-9_.-]+(:[0-9]{1,5})?|https?://\\[[0-9a-f:.]+](:[0-9]{1,5})?")) {
                throw new SettingsException("API_ALLOWED_ORIGINS: '" + value
                        + "' is not an origin (scheme://host[:port], no path)");
            }
            return origin;
        }).distinct().toList();
    }

    private List<String> commaSeparated(Setting setting) {
        return optional(setting).map(v -> java.util.Arrays.stream(v.split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    public Optional<String> redisUrl() {
        return optional(Setting.REDIS_URL);
    }

    public Optional<String> redisHost() {
        return optional(Setting.REDIS_HOST);
    }

    public int redisPort() {
        return get(Setting.REDIS_PORT, Integer::parseInt);
    }

    public Optional<String> redisPassword() {
        return optional(Setting.REDIS_PASSWORD);
    }

    public String keyPrefix() {
        return get(Setting.REDIS_KEY_PREFIX, Function.identity());
    }

    /** The comma-separated {@code WORKER_PLATFORMS}, blank entries ignored; empty means every plugin. */
    public List<String> workerPlatforms() {
        return optional(Setting.WORKER_PLATFORMS).map(v -> java.util.Arrays.stream(v.split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).distinct().toList())
                .orElse(List.of());
    }

    public String serviceName() {
        return get(Setting.SERVICE_NAME, Function.identity());
    }

    public Path pluginDir() {
        return get(Setting.PLUGIN_DIR, Path::of);
    }

    public Path workflowsDir() {
        return get(Setting.WORKFLOWS_DIR, Path::of);
    }

    /** Where each job's results file is written, under a folder per day. */
    public Path resultsDir() {
        return get(Setting.RESULTS_DIR, Path::of);
    }

    public Path dataDir() {
        return get(Setting.DATA_DIR, Path::of);
    }

    public int embeddedRedisPort() {
        return get(Setting.EMBEDDED_REDIS_PORT, Integer::parseInt);
    }

    /**
     * {@code EMBEDDED_REDIS_BINARY}: {@code auto} (the system's redis-server, else the bundled one), {@code bundled},
     * or the path of a redis-server.
     */
    public String embeddedRedisBinary() {
        return get(Setting.EMBEDDED_REDIS_BINARY, Function.identity());
    }

    public Duration lockTtl() {
        return get(Setting.LOCK_TTL_MS, v -> positiveMillis(v));
    }

    public Duration pollInterval() {
        return get(Setting.POLL_INTERVAL_MS, v -> positiveMillis(v));
    }

    /** How long a stopping worker lets its running job finish before handing it back to the queue. */
    public Duration shutdownGrace() {
        return get(Setting.SHUTDOWN_GRACE_MS, v -> positiveMillis(v));
    }

    /** How many runs a job gets (worker deaths and retryable failures both count) before it is dead-lettered. */
    public int maxAttempts() {
        return get(Setting.MAX_ATTEMPTS, v -> {
            int attempts = Integer.parseInt(v.trim());
            if (attempts < 1) {
                throw new IllegalArgumentException("must be at least 1");
            }
            return attempts;
        });
    }

    /** The wait before a failed job's first retry; doubled for each further one, at most 10 minutes. */
    public Duration retryBackoff() {
        return get(Setting.RETRY_BACKOFF_MS, v -> positiveMillis(v));
    }

    /** The least time between two when-idle schedule runs, across all schedules. */
    public Duration schedulerMinGap() {
        return get(Setting.SCHEDULER_MIN_GAP_MS, v -> positiveMillis(v));
    }

    /** How long the synchronous extract endpoints wait for their job before answering 202 with its id. */
    public Duration extractWait() {
        return get(Setting.EXTRACT_WAIT_MS, v -> positiveMillis(v));
    }

    /** {@code MAX_QUEUED_JOBS_PER_PLATFORM}: the most jobs one platform's queue holds; 0 for no limit. */
    public int maxQueuedJobsPerPlatform() {
        return get(Setting.MAX_QUEUED_JOBS_PER_PLATFORM, v -> atLeast(v, 0));
    }

    /** {@code MAX_SCHEDULES}: the most schedules there may be; 0 for no limit. */
    public int maxSchedules() {
        return get(Setting.MAX_SCHEDULES, v -> atLeast(v, 0));
    }

    /** {@code MAX_EXTRACT_WAITS}: the most extract requests of one API process waiting for their jobs at once. */
    public int maxExtractWaits() {
        return get(Setting.MAX_EXTRACT_WAITS, v -> atLeast(v, 1));
    }

    private static int atLeast(String value, int least) {
        int parsed = Integer.parseInt(value.trim());
        if (parsed < least) {
            throw new IllegalArgumentException("must be " + least + " or more");
        }
        return parsed;
    }

    public Duration jobRetention() {
        return get(Setting.JOB_RETENTION_SECONDS, v -> Duration.ofSeconds(Long.parseLong(v)));
    }

    public String logLevel() {
        return get(Setting.LOG_LEVEL, Function.identity());
    }

    /** {@code LOG_FORMAT}: {@code text} (key=value lines) or {@code json} (one JSON object per line). */
    public String logFormat() {
        return get(Setting.LOG_FORMAT, v -> switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "text", "json" -> v.toLowerCase(java.util.Locale.ROOT);
            default -> throw new IllegalArgumentException("must be text or json");
        });
    }

    public String apiUrl() {
        return get(Setting.API_URL, Function.identity());
    }

    /** {@code CATALOG_JDBC_URL}, e.g. {@code jdbc:postgresql://db:5432/catalog}; unset means no Postgres catalog. */
    public Optional<String> catalogJdbcUrl() {
        return optional(Setting.CATALOG_JDBC_URL);
    }

    public Optional<String> catalogJdbcUser() {
        return optional(Setting.CATALOG_JDBC_USER);
    }

    public Optional<String> catalogJdbcPassword() {
        return optional(Setting.CATALOG_JDBC_PASSWORD);
    }

    /** {@code CATALOG_TABLE}: the catalog table, optionally {@code schema.table}. */
    public String catalogTable() {
        return get(Setting.CATALOG_TABLE, Function.identity());
    }

    /** {@code CATALOG_HISTORY_TABLE}: where {@code update_product_set} records each change. */
    public String catalogHistoryTable() {
        return get(Setting.CATALOG_HISTORY_TABLE, Function.identity());
    }

    /** {@code CATALOG_SALE_STATUS_MAP}: the catalog's words for scanner statuses. */
    public io.productscanner.runtime.product.SaleStatusVocabulary saleStatusVocabulary() {
        return get(Setting.CATALOG_SALE_STATUS_MAP, io.productscanner.runtime.product.SaleStatusVocabulary::parse);
    }

    /** {@code CATALOG_AUTO_CRAWLED_OFF_SALE}: write rows added by a crawler off sale, as the original service does. */
    public boolean autoCrawledOffSale() {
        return get(Setting.CATALOG_AUTO_CRAWLED_OFF_SALE, Settings::strictBoolean);
    }

    /**
     * {@code CATALOG_DIR}: the one directory {@code params.catalog_file} may name a file in; unset means
     * {@code catalogs} under {@code DATA_DIR}.
     */
    public Path catalogDir() {
        return get(Setting.CATALOG_DIR, v -> v.isBlank() ? dataDir().resolve("catalogs") : Path.of(v));
    }

    /** {@code EVIDENCE_MAX_BYTES}: the most kept of one piece of a parse failure's evidence. */
    public long evidenceMaxBytes() {
        return get(Setting.EVIDENCE_MAX_BYTES, value -> positive(Long.parseLong(value)));
    }

    /** {@code EVIDENCE_MAX_PRODUCTS}: products per job whose parse failure keeps its evidence; 0 keeps none. */
    public int evidenceMaxProducts() {
        return get(Setting.EVIDENCE_MAX_PRODUCTS, value -> {
            int products = Integer.parseInt(value);
            if (products < 0) {
                throw new IllegalArgumentException("must be 0 or more");
            }
            return products;
        });
    }

    private static long positive(long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("must be positive");
        }
        return value;
    }

    /** The API's address as people reach it, for links in notifications. */
    public String publicApiUrl() {
        return get(Setting.PUBLIC_API_URL, Function.identity());
    }

    public Optional<java.net.URI> slackWebhookUrl() {
        return optional(Setting.SLACK_WEBHOOK_URL).map(url -> webhook(Setting.SLACK_WEBHOOK_URL, url));
    }

    public Optional<java.net.URI> discordWebhookUrl() {
        return optional(Setting.DISCORD_WEBHOOK_URL).map(url -> webhook(Setting.DISCORD_WEBHOOK_URL, url));
    }

    /** A webhook must be an absolute http(s) URL; anything else is refused at start-up, not at the first job. */
    private static java.net.URI webhook(Setting setting, String value) {
        try {
            java.net.URI uri = new java.net.URI(value);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new SettingsException(setting.envName() + " must be an absolute http(s) URL, not '" + value + "'");
    }

    /** Only {@code true} or {@code false}: a typo must not silently leave the API open or closed. */
    private static boolean strictBoolean(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        };
    }

    private static Duration positiveMillis(String value) {
        long millis = Long.parseLong(value);
        if (millis <= 0) {
            throw new IllegalArgumentException("must be a positive number of milliseconds");
        }
        return Duration.ofMillis(millis);
    }
}
