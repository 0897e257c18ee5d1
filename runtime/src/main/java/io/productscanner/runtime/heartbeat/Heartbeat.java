package io.productscanner.runtime.heartbeat;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.redis.RedisKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tells the others this process is alive: every {@code interval} it rewrites {@code {prefix}heartbeat:{service}}
 * with a TTL, so a process that dies silently drops out of the worker list within one TTL. Beats run on a daemon
 * thread of their own and never throw: a failed write is logged and the next beat tries again.
 */
public final class Heartbeat implements AutoCloseable {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger(Heartbeat.class.getName());
    /** Long enough for a beat in flight to end; shorter than any shutdown grace period. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);

    private final RedisCommands<String, String> redis;
    private final String key;
    private final ProcessIdentity identity;
    private final CgroupMemory cgroup;
    private final Duration interval;
    private final Duration ttl;
    private final Clock clock;
    private final ScheduledExecutorService beats;
    /** Null until {@link #start}. */
    private volatile CurrentJobs currentJobs;

    private volatile boolean stopping;
    /** Set after a failed write, so an outage logs one warning and one recovery rather than a line per beat. */
    private volatile boolean failing;

    /**
     * @param cgroup where the memory limit and working set of the process's container are read
     *               ({@link CgroupMemory#ofThisProcess()})
     * @param ttl must exceed {@code interval}, or the key would lapse between two beats of a healthy process
     */
    public Heartbeat(
            RedisCommands<String, String> redis,
            RedisKeys keys,
            ProcessIdentity identity,
            CgroupMemory cgroup,
            Duration interval,
            Duration ttl,
            Clock clock) {
        if (interval.isNegative() || interval.isZero() || ttl.compareTo(interval) <= 0) {
            throw new IllegalArgumentException(
                    "heartbeat interval " + interval + " must be positive and shorter than its TTL " + ttl);
        }
        this.redis = redis;
        this.key = keys.heartbeat(identity.service());
        this.identity = identity;
        this.cgroup = cgroup;
        this.interval = interval;
        this.ttl = ttl;
        this.clock = clock;
        this.beats = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("heartbeat").factory());
    }

    /** Beats now and then every interval, reporting the jobs {@code jobs} says run. Call once. */
    public void start(CurrentJobs jobs) {
        if (started()) {
            throw new IllegalStateException("the heartbeat of " + identity.service() + " is already started");
        }
        currentJobs = jobs;
        beats.scheduleWithFixedDelay(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        LogEvent.info(
                LOG,
                "heartbeat.started",
                "service",
                identity.service(),
                "key",
                key,
                "interval_ms",
                interval.toMillis(),
                "ttl_ms",
                ttl.toMillis());
    }

    /** From now on the status is {@code stopping}; beats go on (running jobs may still be finishing). */
    public void markStopping() {
        stopping = true;
        if (!started()) {
            return;
        }
        try {
            // tells readers at once instead of at the next beat
            beats.execute(this::beat);
        } catch (RejectedExecutionException e) {
            LogEvent.debug(LOG, "heartbeat.already_closed", "service", identity.service());
        }
    }

    private boolean started() {
        return currentJobs != null;
    }

    /** The heartbeat as the next beat would write it. */
    WorkerHeartbeat current() {
        List<CurrentJob> jobs = started() ? currentJobs.currentJobs() : List.of();
        HeartbeatStatus status =
                stopping ? HeartbeatStatus.STOPPING : jobs.isEmpty() ? HeartbeatStatus.IDLE : HeartbeatStatus.BUSY;
        Instant now = clock.instant();
        OptionalDouble rss = ProcessMemory.rssMb();
        CgroupMemory.Reading container = cgroup.read().orElse(null);
        return new WorkerHeartbeat(
                identity.service(),
                identity.role(),
                identity.hostname(),
                identity.pid(),
                status.wireName(),
                identity.platforms(),
                jobs,
                identity.startedAt(),
                Math.max(0, Duration.between(identity.startedAt(), now).toSeconds()),
                ProcessMemory.heapUsedMb(),
                rss.isPresent() ? rss.getAsDouble() : null,
                container == null || container.limitBytes().isEmpty()
                        ? null
                        : ProcessMemory.mib(container.limitBytes().getAsLong()),
                container == null ? null : ProcessMemory.mib(container.workingSetBytes()),
                now,
                identity.version(),
                identity.plugins());
    }

    private void beat() {
        try {
            redis.set(key, current().toJson(), SetArgs.Builder.px(ttl.toMillis()));
            if (failing) {
                failing = false;
                LogEvent.info(LOG, "heartbeat.recovered", "service", identity.service());
            }
        } catch (RuntimeException e) {
            // a throwing task would end the schedule for good; this one must outlive any outage
            if (!failing) {
                failing = true;
                LogEvent.warn(
                        LOG,
                        "heartbeat.write_failed",
                        "service",
                        identity.service(),
                        "key",
                        key,
                        "error",
                        e.toString());
            } else {
                LogEvent.debug(LOG, "heartbeat.write_failed", "service", identity.service(), "error", e.toString());
            }
        }
    }

    /** Stops beating and deletes the key, so a cleanly stopped process leaves the list at once. */
    @Override
    public void close() {
        // lets a beat in flight end, so it cannot rewrite the key after the delete below
        beats.shutdown();
        try {
            if (!beats.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                beats.shutdownNow();
            }
        } catch (InterruptedException e) {
            beats.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (!started()) {
            return;
        }
        try {
            redis.del(key);
            LogEvent.info(LOG, "heartbeat.stopped", "service", identity.service());
        } catch (RuntimeException e) {
            LogEvent.warn(
                    LOG,
                    "heartbeat.delete_failed",
                    "service",
                    identity.service(),
                    "error",
                    e.toString(),
                    "expires_in_ms",
                    ttl.toMillis());
        }
    }
}
