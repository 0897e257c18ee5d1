package io.productscanner.runtime.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.job.PlatformActivity;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.metrics.ScannerMetrics;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.workflow.WorkflowCatalog;
import io.productscanner.runtime.workflow.WorkflowDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs every process's share of the schedules: each tick it tries to hold the {@link SchedulerLease}, and only
 * the holder enqueues. Cron schedules run at their slots (missed slots follow the schedule's {@link CatchUp});
 * when-idle schedules run when their platform has nothing queued or running and is not paused, long enough after
 * their last success and after the last when-idle enqueue of any schedule.
 */
public final class Scheduler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Scheduler.class.getName());
    public static final Duration TICK = Duration.ofSeconds(1);
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MIN_GAP = Duration.ofSeconds(60);
    /** A slot found later than this (or after its following slot passed) counts as missed, not just late. */
    static final Duration MISSED_AFTER = Duration.ofMinutes(1);

    private final ScheduleStore store;
    private final SchedulerLease lease;
    private final ScheduledEnqueue enqueue;
    private final WorkflowCatalog workflows;
    private final PlatformActivity activity;
    private final JobStore jobs;
    private final RedisCommands<String, String> redis;
    private final Duration minGap;
    private final Clock clock;
    private final ScannerMetrics metrics;
    private final AtomicBoolean active = new AtomicBoolean();
    private final Map<String, Map<String, AtomicLong>> runs = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSuccessEpochSeconds = new ConcurrentHashMap<>();
    private ScheduledExecutorService ticker;

    public Scheduler(
            ScheduleStore store,
            SchedulerLease lease,
            ScheduledEnqueue enqueue,
            WorkflowCatalog workflows,
            PlatformActivity activity,
            JobStore jobs,
            RedisCommands<String, String> redis,
            Duration minGap,
            Clock clock,
            ScannerMetrics metrics) {
        this.store = store;
        this.lease = lease;
        this.enqueue = enqueue;
        this.workflows = workflows;
        this.activity = activity;
        this.jobs = jobs;
        this.redis = redis;
        this.minGap = minGap;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Ticks every {@link #TICK} on a daemon thread until closed. */
    public Scheduler start() {
        ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("scheduler").factory());
        ticker.scheduleWithFixedDelay(this::tickSafely, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            // Redis away for a moment: the next tick tries again
            LogEvent.warn(LOG, "scheduler.tick_failed", "error", e.toString());
        }
    }

    /** One round: take or renew the lease, and if held, run what is due. True when this scheduler is active. */
    public boolean tick() {
        boolean holding = lease.holdOrTake();
        if (active.getAndSet(holding) != holding) {
            LogEvent.info(LOG, holding ? "scheduler.active" : "scheduler.standby");
        }
        if (holding) {
            runDue();
        }
        return holding;
    }

    /** Runs what is due without looking at the lease: the holder's work, also used to test racing holders. */
    void runDue() {
        Instant now = clock.instant();
        for (Schedule schedule : store.all()) {
            try {
                Schedule current = observeLastJob(schedule, now);
                if (current.paused()) {
                    continue;
                }
                if (current.definition().cron().isPresent()) {
                    runCron(current, now);
                } else {
                    runWhenIdle(current, now);
                }
            } catch (RuntimeException e) {
                LogEvent.warn(LOG, "schedule.tick_failed", "schedule_id", schedule.id(), "error", e.toString());
            }
        }
    }

    /** Copies the last job's status onto the schedule; a completion is the schedule's success. */
    private Schedule observeLastJob(Schedule schedule, Instant now) {
        if (schedule.lastJobId().isEmpty()
                || schedule.lastOutcome().map(Scheduler::finished).orElse(false)) {
            return schedule;
        }
        Optional<JobStatus> status = jobs.find(schedule.lastJobId().get()).map(JobRecord::status);
        if (status.isEmpty()
                || status.get().wireName().equals(schedule.lastOutcome().orElse(""))) {
            return schedule;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(ScheduleStore.LAST_OUTCOME, status.get().wireName());
        Optional<Instant> lastSuccess = schedule.lastSuccessAt();
        if (status.get().finished()) {
            count(schedule.id(), status.get().wireName());
        }
        if (status.get() == JobStatus.COMPLETED) {
            lastSuccess = Optional.of(now);
            fields.put(ScheduleStore.LAST_SUCCESS_AT, Long.toString(now.toEpochMilli()));
            lastSuccessEpochSeconds.put(schedule.id(), now.getEpochSecond());
            metrics.scheduleSucceeded(schedule.id(), now.getEpochSecond());
        }
        store.update(schedule.id(), fields);
        return new Schedule(
                schedule.definition(),
                schedule.paused(),
                schedule.nextRun(),
                schedule.lastRun(),
                schedule.lastJobId(),
                Optional.of(status.get().wireName()),
                lastSuccess,
                schedule.rotation());
    }

    private static boolean finished(String outcome) {
        try {
            return JobStatus.fromWireName(outcome).finished();
        } catch (IllegalArgumentException e) {
            return true; // "rejected: ...": nothing to wait for
        }
    }

    private void runCron(Schedule schedule, Instant now) {
        CronExpression cron = schedule.definition().cron().orElseThrow();
        ZonedDateTime zonedNow = now.atZone(schedule.definition().timeZone());
        Instant nextFuture = cron.next(zonedNow).toInstant();
        if (schedule.nextRun().isEmpty()) {
            store.update(schedule.id(), Map.of(ScheduleStore.NEXT_RUN, Long.toString(nextFuture.toEpochMilli())));
            return;
        }
        Instant slot = schedule.nextRun().get();
        if (now.isBefore(slot)) {
            return;
        }
        Instant following =
                cron.next(slot.atZone(schedule.definition().timeZone())).toInstant();
        boolean missed = !following.isAfter(now) || Duration.between(slot, now).compareTo(MISSED_AFTER) > 0;
        Map<String, String> next = Map.of(ScheduleStore.NEXT_RUN, Long.toString(nextFuture.toEpochMilli()));
        if (missed && schedule.definition().catchUp() == CatchUp.SKIP) {
            store.update(schedule.id(), next);
            LogEvent.info(
                    LOG,
                    "schedule.missed_skipped",
                    "schedule_id",
                    schedule.id(),
                    "first_missed",
                    slot,
                    "next_run",
                    nextFuture);
            return;
        }
        // run_once keys the one catch-up run by the first missed slot, which every scheduler reads the same
        ScheduledEnqueue.Run run = enqueue.enqueue(
                schedule, Json.MAPPER.createObjectNode(), ScheduledEnqueue.slotKey(schedule.id(), slot), now, next);
        count(schedule.id(), run.outcome());
    }

    private void runWhenIdle(Schedule schedule, Instant now) {
        IdlePolicy policy = schedule.definition().whenIdle().orElseThrow();
        if (schedule.lastOutcome().map(outcome -> !finished(outcome)).orElse(false)) {
            return; // its last run is still queued, retrying or running
        }
        if (schedule.lastSuccessAt()
                .map(at -> now.isBefore(at.plus(policy.minAfterSuccess())))
                .orElse(false)) {
            return;
        }
        ObjectNode rotationParams = policy.paramsForRun(schedule.rotation());
        String platform = platformOf(schedule.definition(), rotationParams);
        if (platform == null) {
            return;
        }
        PlatformActivity.Snapshot snapshot = activity.read(List.of(platform));
        if (!snapshot.running().isEmpty()
                || snapshot.queued().getOrDefault(platform, 0L) > 0
                || snapshot.paused().contains(platform)) {
            return; // busy, or paused by an operator: a run would only wait
        }
        String lastEnqueue = redis.get(store.keys().schedulerLastEnqueue());
        if (lastEnqueue != null
                && now.isBefore(
                        Instant.ofEpochMilli(Long.parseLong(lastEnqueue)).plus(minGap))) {
            return;
        }
        ScheduledEnqueue.Run run =
                enqueue.enqueue(schedule, rotationParams, ScheduledEnqueue.slotKey(schedule.id(), now), now, Map.of());
        count(schedule.id(), run.outcome());
        if (run.outcome().equals(ScheduledEnqueue.Run.ENQUEUED)) {
            // a duplicate means another scheduler already queued this run and moved the rotation on
            store.update(schedule.id(), Map.of(ScheduleStore.ROTATION, Long.toString(schedule.rotation() + 1)));
            redis.set(store.keys().schedulerLastEnqueue(), Long.toString(now.toEpochMilli()));
        }
    }

    /** As the submitter decides it: the workflow's platform, else {@code params.platform}, else the default. */
    private String platformOf(Schedule.ScheduleDefinition definition, ObjectNode rotationParams) {
        Optional<WorkflowDefinition> workflow = workflows.find(definition.workflowId());
        if (workflow.isEmpty()) {
            LogEvent.warn(
                    LOG,
                    "schedule.unknown_workflow",
                    "schedule_id",
                    definition.id(),
                    "workflow_id",
                    definition.workflowId());
            return null;
        }
        if (workflow.get().platform().isPresent()) {
            return workflow.get().platform().get();
        }
        ObjectNode params = definition.params().deepCopy();
        params.setAll(rotationParams);
        return params.hasNonNull("platform") ? params.get("platform").asText() : PluginRegistry.DEFAULT_QUEUE;
    }

    private void count(String scheduleId, String outcome) {
        runs.computeIfAbsent(scheduleId, id -> new ConcurrentHashMap<>())
                .computeIfAbsent(outcome, o -> new AtomicLong())
                .incrementAndGet();
        metrics.scheduleRun(scheduleId, outcome);
    }

    /**
     * This process's counts for export: runs by schedule and outcome ({@code enqueued}, {@code duplicate},
     * {@code rejected}, {@code queue_full}, and the final job statuses it observed), and each schedule's last success
     * it observed.
     */
    public record Stats(Map<String, Map<String, Long>> runs, Map<String, Long> lastSuccessEpochSeconds) {}

    public Stats stats() {
        Map<String, Map<String, Long>> copy = new LinkedHashMap<>();
        runs.forEach((id, byOutcome) -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            byOutcome.forEach((outcome, count) -> counts.put(outcome, count.get()));
            copy.put(id, Map.copyOf(counts));
        });
        return new Stats(Map.copyOf(copy), Map.copyOf(lastSuccessEpochSeconds));
    }

    public boolean active() {
        return active.get();
    }

    /** Stops ticking and releases the lease, so a standby process takes over at its next tick. */
    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            lease.release();
        } catch (RuntimeException e) {
            LogEvent.warn(LOG, "scheduler.release_failed", "error", e.toString());
        }
    }
}
