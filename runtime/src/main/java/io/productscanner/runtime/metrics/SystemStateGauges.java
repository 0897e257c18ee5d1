package io.productscanner.runtime.metrics;

import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.heartbeat.ListedWorker;
import io.productscanner.runtime.heartbeat.WorkerDirectory;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.PlatformActivity;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.redis.RedisKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gauges of the whole system read from Redis by the API process, so that one scrape target sees every queue and
 * every worker: queue length, paused queues, running jobs and their age, dead-lettered jobs per platform, and the age of each
 * worker's heartbeat. Redis is read on a timer, not per scrape, so a burst of scrapes costs Redis nothing.
 */
public final class SystemStateGauges implements AutoCloseable {
    static final String QUEUE_LENGTH = "scanner_queue_length";
    static final String RUNNING_JOBS = "scanner_running_jobs";
    static final String RUNNING_JOB_AGE = "scanner_running_job_age_seconds";
    static final String DEAD_JOBS = "scanner_dead_jobs";
    static final String QUEUE_PAUSED = "scanner_queue_paused";
    static final String HEARTBEAT_AGE = "scanner_worker_heartbeat_age_seconds";
    static final String WORKER_RSS = "scanner_worker_resident_memory_bytes";
    static final String WORKER_MEMORY_LIMIT = "scanner_worker_memory_limit_bytes";
    static final String WORKER_WORKING_SET = "scanner_worker_memory_working_set_bytes";
    private static final double MIB = 1024 * 1024;
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(5);
    private static final System.Logger LOG = System.getLogger(SystemStateGauges.class.getName());

    private final MeterRegistry registry;
    private final PlatformActivity activity;
    private final WorkerDirectory workers;
    private final RedisCommands<String, String> redis;
    private final RedisKeys keys;
    private final Clock clock;
    private final Map<String, Double> values = new ConcurrentHashMap<>();
    /** Last beat of every worker seen: a worker whose heartbeat key expired keeps ageing, so "missing" alerts. */
    private final Map<String, Instant> lastBeats = new ConcurrentHashMap<>();
    /** Resident memory each worker reported in its last heartbeat, bytes; workers serve no metrics of their own. */
    private final Map<String, Double> residentBytes = new ConcurrentHashMap<>();
    /** The memory limit of each worker's container, from its heartbeat; only workers that have one. */
    private final Map<String, Double> limitBytes = new ConcurrentHashMap<>();
    /** The working set of each worker's container (its cgroup), from its heartbeat. */
    private final Map<String, Double> workingSetBytes = new ConcurrentHashMap<>();

    private final ScheduledExecutorService timer;

    private SystemStateGauges(
            MeterRegistry registry,
            PlatformActivity activity,
            RedisCommands<String, String> redis,
            RedisKeys keys,
            Clock clock) {
        this.registry = registry;
        this.activity = activity;
        this.workers = new WorkerDirectory(redis, keys, clock);
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("metrics-redis").factory());
    }

    /** Registers the gauges of {@code platforms} and starts reading Redis every {@code refresh}. */
    public static SystemStateGauges start(
            MeterRegistry registry,
            PlatformActivity activity,
            RedisCommands<String, String> redis,
            RedisKeys keys,
            Clock clock,
            List<String> platforms,
            Duration refresh) {
        SystemStateGauges gauges = new SystemStateGauges(registry, activity, redis, keys, clock);
        for (String platform : platforms) {
            gauges.gauge(QUEUE_LENGTH, "Jobs waiting in the platform's queue", "platform", platform);
            gauges.gauge(RUNNING_JOBS, "Jobs running on the platform (0 or 1)", "platform", platform);
            gauges.gauge(
                    RUNNING_JOB_AGE, "Seconds the platform's running job has run; 0 when idle", "platform", platform);
            gauges.gauge(DEAD_JOBS, "Dead-lettered jobs of the platform", "platform", platform);
            gauges.gauge(
                    QUEUE_PAUSED, "1 while an operator has paused the platform's queue, else 0", "platform", platform);
        }
        gauges.refresh(platforms);
        gauges.timer.scheduleWithFixedDelay(
                () -> gauges.refresh(platforms), refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
        return gauges;
    }

    /** One reading of Redis; a failure is logged and the previous values stay until the next reading. */
    void refresh(List<String> platforms) {
        try {
            PlatformActivity.Snapshot snapshot = activity.read(platforms);
            Map<String, Double> running = new HashMap<>();
            Map<String, Double> runningAge = new HashMap<>();
            snapshot.running().forEach(job -> {
                running.merge(job.platform(), 1.0, Double::sum);
                runningAge.merge(job.platform(), (double) job.elapsedSeconds(), Math::max);
            });
            Map<String, Double> dead = deadJobsByPlatform();
            for (String platform : platforms) {
                values.put(
                        id(QUEUE_LENGTH, platform),
                        snapshot.queued().getOrDefault(platform, 0L).doubleValue());
                values.put(id(RUNNING_JOBS, platform), running.getOrDefault(platform, 0.0));
                values.put(id(RUNNING_JOB_AGE, platform), runningAge.getOrDefault(platform, 0.0));
                values.put(id(DEAD_JOBS, platform), dead.getOrDefault(platform, 0.0));
                values.put(id(QUEUE_PAUSED, platform), snapshot.paused().contains(platform) ? 1.0 : 0.0);
            }
            refreshHeartbeats();
        } catch (RuntimeException e) {
            LogEvent.warn(LOG, "metrics.redis_read_failed", "error", e.toString());
        }
    }

    private Map<String, Double> deadJobsByPlatform() {
        Map<String, Double> dead = new HashMap<>();
        for (String jobId : redis.zrange(keys.deadLetters(), 0, -1)) {
            String platform = redis.hget(keys.job(jobId), JobRecord.PLATFORM);
            dead.merge(platform == null ? "unknown" : platform, 1.0, Double::sum);
        }
        return dead;
    }

    private void refreshHeartbeats() {
        for (ListedWorker worker : workers.list()) {
            String service = worker.heartbeat().service();
            residentBytes.put(service, bytes(worker.heartbeat().rssMb()));
            if (lastBeats.put(service, worker.heartbeat().writtenAt()) == null) {
                registry.getOrCreate(Gauge.builder(HEARTBEAT_AGE, () -> heartbeatAge(service))
                        .description("Seconds since the worker's last heartbeat; keeps growing once it stops")
                        .addTag(Tag.create("service", service)));
                registry.getOrCreate(Gauge.builder(WORKER_RSS, () -> residentBytes.getOrDefault(service, Double.NaN))
                        .description("Resident memory in the worker's last heartbeat")
                        .addTag(Tag.create("service", service)));
            }
            // exported only for workers that report them: a worker without a limit has no limit series at all
            reportMemory(
                    limitBytes,
                    service,
                    worker.heartbeat().memoryLimitMb(),
                    WORKER_MEMORY_LIMIT,
                    "Memory limit of the worker's container (cgroup) in its last heartbeat");
            reportMemory(
                    workingSetBytes,
                    service,
                    worker.heartbeat().workingSetMb(),
                    WORKER_WORKING_SET,
                    "Working set of the worker's container (cgroup usage less inactive file cache, child processes"
                            + " included) in its last heartbeat");
        }
    }

    private void reportMemory(Map<String, Double> values, String service, Double mb, String name, String description) {
        if (mb == null && !values.containsKey(service)) {
            return;
        }
        if (values.put(service, bytes(mb)) == null) {
            registry.getOrCreate(Gauge.builder(name, () -> values.getOrDefault(service, Double.NaN))
                    .description(description)
                    .addTag(Tag.create("service", service)));
        }
    }

    private static double bytes(Double mb) {
        return mb == null ? Double.NaN : mb * MIB;
    }

    private double heartbeatAge(String service) {
        Instant last = lastBeats.get(service);
        return last == null
                ? Double.NaN
                : Math.max(0, Duration.between(last, clock.instant()).toMillis() / 1000.0);
    }

    private void gauge(String name, String description, String tag, String value) {
        String id = id(name, value);
        values.put(id, 0.0);
        registry.getOrCreate(Gauge.builder(name, () -> values.getOrDefault(id, 0.0))
                .description(description)
                .addTag(Tag.create(tag, value)));
    }

    private static String id(String name, String platform) {
        return name + "\u0000" + platform;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (Meter meter : registry.meters(meter ->
                meter.id().name().startsWith("scanner_") && isOurs(meter.id().name()))) {
            registry.remove(meter);
        }
    }

    private static boolean isOurs(String name) {
        return name.equals(QUEUE_LENGTH)
                || name.equals(RUNNING_JOBS)
                || name.equals(RUNNING_JOB_AGE)
                || name.equals(DEAD_JOBS)
                || name.equals(QUEUE_PAUSED)
                || name.equals(HEARTBEAT_AGE)
                || name.equals(WORKER_RSS)
                || name.equals(WORKER_MEMORY_LIMIT)
                || name.equals(WORKER_WORKING_SET);
    }
}
