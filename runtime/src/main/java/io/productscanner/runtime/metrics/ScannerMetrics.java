package io.productscanner.runtime.metrics;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.service.registry.Services;
import io.productscanner.runtime.heartbeat.CgroupMemory;
import io.productscanner.runtime.product.ScanRecord;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.version.ProductVersion;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.SaleStatus;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The scanner's own meters, recorded where jobs and scans end and served by Helidon at {@code /observe/metrics}.
 * Timers are exported by Helidon as Prometheus histograms with a {@code _seconds} suffix, so they are named
 * without it here.
 */
public final class ScannerMetrics {
    static final String SCHEDULE_RUNS = "scanner_schedule_runs_total";
    static final String SCHEDULE_LAST_SUCCESS = "scanner_schedule_last_success_timestamp_seconds";
    private final Map<String, Long> scheduleSuccess = new ConcurrentHashMap<>();
    static final String JOBS_TOTAL = "scanner_jobs";
    static final String JOB_DURATION = "scanner_job_duration";
    static final String JOB_WAIT = "scanner_job_wait";
    static final String SCANS_TOTAL = "scanner_scans";
    static final String SCAN_DURATION = "scanner_scan_duration";
    /** The strategy label of a scan that produced no snapshot. */
    private static final String NO_SNAPSHOT = "none";

    static final String BROWSER_RESTARTS = "scanner_browser_restarts";
    static final String WRITES_NOT_REPLICATED = "scanner_redis_writes_not_replicated";

    /** Jobs run from seconds to hours; scans from milliseconds to a timeout of about a minute. */
    private static final Duration[] JOB_BUCKETS = durations(1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200);

    private static final Duration[] WAIT_BUCKETS = durations(1, 5, 15, 30, 60, 300, 900, 1800, 3600);
    private static final Duration[] SCAN_BUCKETS = {
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60)
    };

    /**
     * Helidon otherwise adds client-side quantiles to each timer, as {@code quantile} samples inside a histogram
     * family, which Prometheus' linter rejects; quantiles come from the buckets with histogram_quantile().
     */
    private static final double[] NO_PERCENTILES = {};

    private final MeterRegistry registry;
    /** The per-job meters, looked up once per tag set: a registry lookup per job costs more than the job's queue. */
    private final Map<List<String>, Timer> waitTimers = new ConcurrentHashMap<>();

    private final Map<List<String>, Counter> jobCounters = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> durationTimers = new ConcurrentHashMap<>();

    public ScannerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * The meters in Helidon's registry, the one {@code /observe/metrics} serves, with the process meters Helidon
     * lacks. A process makes one where it is wired ({@code ScannerProcess}) and hands it to what records.
     */
    public static ScannerMetrics create() {
        ScannerMetrics metrics = new ScannerMetrics(Services.get(MeterRegistry.class));
        ProcessMeters.register(metrics.registry, CgroupMemory.ofThisProcess());
        JvmMeters.register(metrics.registry);
        BuildInfo.register(metrics.registry, ProductVersion.current());
        return metrics;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Registers the per-platform counters that may stay at zero, so they are exported from the start: a counter that
     * first appears at 3 has no increase to Prometheus, and the first parse failures would never reach an alert.
     */
    public void registerPlatforms(List<String> platforms) {
        for (String platform : platforms) {
            browserRestarts(platform);
            scans(platform, NO_SNAPSHOT, FailureKind.PARSE.wireName());
        }
    }

    /**
     * Counts an acknowledged write (by its script, e.g. {@code enqueue.lua}) that fewer replicas confirmed than
     * {@code REDIS_MIN_REPLICA_ACKS} asks for: it stands on the primary only, so a failover now could lose it.
     */
    public void writeNotReplicated(String script) {
        registry.getOrCreate(Counter.builder(WRITES_NOT_REPLICATED)
                        .description("Acknowledged Redis writes that fewer replicas confirmed than asked for")
                        .addTag(Tag.create("script", script)))
                .increment();
    }

    /** Counts a restart of a platform's browser. */
    public void browserRestarted(String platform) {
        browserRestarts(platform).increment();
    }

    private Counter browserRestarts(String platform) {
        return registry.getOrCreate(Counter.builder(BROWSER_RESTARTS)
                .description("Browser restarts by platform plugins")
                .addTag(Tag.create("platform", platform)));
    }

    /** Records the time a job waited in its queue: from enqueue ({@code created_at}) to start ({@code started_at}). */
    public void jobStarted(ClaimedJob job) {
        Duration wait = between(job.job().createdAt(), job.job().startedAt());
        if (wait != null) {
            waitTimers
                    .computeIfAbsent(
                            List.of(job.platform()),
                            tags -> registry.getOrCreate(Timer.builder(JOB_WAIT)
                                    .description("Time from enqueue to start of a job")
                                    .buckets(WAIT_BUCKETS)
                                    .percentiles(NO_PERCENTILES)
                                    .addTag(Tag.create("platform", job.platform()))))
                    .record(wait);
        }
    }

    /**
     * Counts a job that ended this run and records how long it ran.
     *
     * @param status how the run ended: a job status, or what happened instead (retry scheduled, dead-lettered...)
     */
    public void jobEnded(ClaimedJob job, String status, long startedNanos) {
        String workflow = job.job().workflowId() == null ? "unknown" : job.job().workflowId();
        jobCounters
                .computeIfAbsent(
                        List.of(job.platform(), workflow, status),
                        tags -> registry.getOrCreate(Counter.builder(JOBS_TOTAL)
                                .description("Job runs that ended, by status")
                                .addTag(Tag.create("platform", job.platform()))
                                .addTag(Tag.create("workflow", workflow))
                                .addTag(Tag.create("status", status))))
                .increment();
        durationTimers
                .computeIfAbsent(
                        List.of(job.platform(), workflow),
                        tags -> registry.getOrCreate(Timer.builder(JOB_DURATION)
                                .description("How long a job run took")
                                .buckets(JOB_BUCKETS)
                                .percentiles(NO_PERCENTILES)
                                .addTag(Tag.create("platform", job.platform()))
                                .addTag(Tag.create("workflow", workflow))))
                .record(Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    /** Counts a schedule's run by outcome ({@code enqueued}, {@code duplicate}, {@code rejected}, a job status). */
    public void scheduleRun(String scheduleId, String outcome) {
        registry.getOrCreate(Counter.builder(SCHEDULE_RUNS)
                        .description("Runs of each schedule, by outcome")
                        .addTag(Tag.create("schedule", scheduleId))
                        .addTag(Tag.create("outcome", outcome)))
                .increment();
    }

    /** Records when a schedule's job last completed, for the "schedule not succeeding" alert. */
    public void scheduleSucceeded(String scheduleId, long epochSeconds) {
        boolean first = scheduleSuccess.put(scheduleId, epochSeconds) == null;
        if (first) {
            registry.getOrCreate(Gauge.builder(
                            SCHEDULE_LAST_SUCCESS,
                            () -> scheduleSuccess.getOrDefault(scheduleId, 0L).doubleValue())
                    .description("Unix time of the schedule's last successful run")
                    .addTag(Tag.create("schedule", scheduleId)));
        }
    }

    /** Runs one scan, then counts it by strategy and outcome and records its duration. */
    public ScanRecord timeScan(Supplier<ScanRecord> scan) {
        long started = System.nanoTime();
        ScanRecord record = scan.get();
        scanEnded(record, Duration.ofNanos(System.nanoTime() - started));
        return record;
    }

    void scanEnded(ScanRecord record, Duration took) {
        String platform = record.platform() == null ? "unknown" : record.platform();
        String strategy =
                record.snapshot() == null ? NO_SNAPSHOT : record.snapshot().strategy();
        scans(platform, strategy, outcome(record)).increment();
        registry.getOrCreate(Timer.builder(SCAN_DURATION)
                        .description("How long one product scan took")
                        .buckets(SCAN_BUCKETS)
                        .percentiles(NO_PERCENTILES)
                        .addTag(Tag.create("platform", platform)))
                .record(took);
    }

    private Counter scans(String platform, String strategy, String outcome) {
        return registry.getOrCreate(Counter.builder(SCANS_TOTAL)
                .description("Product scans, by reading strategy and outcome")
                .addTag(Tag.create("platform", platform))
                .addTag(Tag.create("strategy", strategy))
                .addTag(Tag.create("outcome", outcome)));
    }

    /** {@code success}, {@code not_found}, or the failure kind in lower case. */
    static String outcome(ScanRecord record) {
        if (record.snapshot() != null) {
            return record.snapshot().saleStatus() == SaleStatus.NOT_FOUND ? "not_found" : "success";
        }
        return record.failureKind() == null ? "failed" : record.failureKind().toLowerCase(Locale.ROOT);
    }

    private static Duration between(String from, String to) {
        if (from == null || to == null) {
            return null;
        }
        try {
            Duration wait = Duration.ofMillis(epochMillis(to) - epochMillis(from));
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null; // a record from an older writer: no wait is better than a wrong one
        }
    }

    /**
     * Epoch ms of a timestamp as the queue scripts write it ({@code 2026-11-29T08:37:27.123Z}), read by hand:
     * this runs for every job, and a DateTimeFormatter parse cost more than the job's queue work. Other forms go to
     * {@link Instant#parse}.
     */
    static long epochMillis(String iso) {
        if (iso.length() == 24
                && iso.charAt(4) == '-'
                && iso.charAt(10) == 'T'
                && iso.charAt(19) == '.'
                && iso.charAt(23) == 'Z') {
            try {
                long day = LocalDate.of(digits(iso, 0, 4), digits(iso, 5, 7), digits(iso, 8, 10))
                        .toEpochDay();
                return ((day * 24 + digits(iso, 11, 13)) * 60 + digits(iso, 14, 16)) * 60_000
                        + digits(iso, 17, 19) * 1000L
                        + digits(iso, 20, 23);
            } catch (DateTimeException | NumberFormatException e) {
                // not the scripts' form after all
            }
        }
        return Instant.parse(iso).toEpochMilli();
    }

    private static int digits(String text, int from, int to) {
        return Integer.parseInt(text, from, to, 10);
    }

    private static Duration[] durations(long... seconds) {
        Duration[] out = new Duration[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            out[i] = Duration.ofSeconds(seconds[i]);
        }
        return out;
    }
}
