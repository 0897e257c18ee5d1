package io.productscanner.runtime.worker;

import io.lettuce.core.RedisException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.productscanner.runtime.heartbeat.CurrentJob;
import io.productscanner.runtime.job.LockToken;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.metrics.ScannerMetrics;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.JobRetries;
import io.productscanner.runtime.queue.PlatformControl;
import io.productscanner.runtime.queue.Queues;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Runs one platform's jobs, one at a time: take the next job when the platform lock is free, run it while the
 * pool's lease timer renews the lease ({@link #renewLease}), record the outcome and take the next job in the same
 * step, repeat. When there is nothing to take it waits for a wake-up (or the safety-net poll interval, or less
 * when another worker's lease on the platform runs out sooner).
 */
final class PlatformWorker implements Runnable {
    private static final System.Logger LOG = System.getLogger(PlatformWorker.class.getName());
    /** Times a job's outcome is written before giving up, however short the lease. */
    private static final int WRITE_ATTEMPTS = 5;

    private final String platform;
    private final String workerName;
    private final JobQueue queue;
    private final JobRetries retries;
    private final PlatformControl platformControl;
    private final JobExecutor executor;
    private final WakeSignal wakeSignal;
    private final Duration pollInterval;
    private final String lockTokenPrefix;
    private final ScannerMetrics metrics;
    private final AtomicLong leases = new AtomicLong();
    private volatile boolean running = true;
    /** The job running now, for the heartbeat; null while idle. */
    private volatile CurrentJob currentJob;
    /** How to stop the job running now; null while idle. */
    private volatile JobControl currentControl;
    /** The lease of the job running now, with its control, for the lease timer; null while idle. */
    private volatile LeasedRun leasedRun;

    private record LeasedRun(ClaimedJob job, JobControl control) {}

    PlatformWorker(
            String platform,
            String workerName,
            Queues queues,
            JobExecutor executor,
            WakeSignal wakeSignal,
            Duration pollInterval,
            ScannerMetrics metrics) {
        this.metrics = metrics;
        this.platform = platform;
        this.workerName = workerName;
        this.queue = queues.jobs();
        this.retries = queues.retries();
        this.platformControl = queues.platforms();
        this.executor = executor;
        this.wakeSignal = wakeSignal;
        this.pollInterval = pollInterval;
        this.lockTokenPrefix = LockToken.prefixFor(workerName);
    }

    @Override
    public void run() {
        LogEvent.info(LOG, "worker.started", "platform", platform, "worker", workerName);
        while (running) {
            try {
                Optional<ClaimedJob> claimed = queue.claim(platform, newLockToken(), workerName);
                if (claimed.isPresent()) {
                    // a busy worker records each outcome and takes the next job in the same round trip
                    while (claimed.isPresent()) {
                        currentJob = new CurrentJob(claimed.get().jobId(), platform);
                        try {
                            claimed = runJob(claimed.get());
                        } finally {
                            currentJob = null;
                            // until the next job's run begins, the timer has no lease to renew (a tick missed
                            // here is made up at the next: ticks come every third of the lease at most)
                            leasedRun = null;
                        }
                    }
                } else {
                    restartIfRequested();
                    wakeSignal.await(idleWait());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RedisException e) {
                LogEvent.warn(LOG, "worker.redis_error", "platform", platform, "error", e.getMessage());
                pause();
            }
        }
        LogEvent.info(LOG, "worker.stopped", "platform", platform, "worker", workerName);
    }

    Optional<CurrentJob> currentJob() {
        return Optional.ofNullable(currentJob);
    }

    void stop() {
        running = false;
        wakeSignal.signal();
    }

    /** Asks the running job, if any, to stop at its next product and go back to its queue. */
    void handBackRunningJob(String reason) {
        JobControl control = currentControl;
        if (control != null) {
            control.handBack(reason);
        }
    }

    /** Unique per lease: a random part drawn once per worker and a counter (a fresh UUID per job costs more). */
    private String newLockToken() {
        return lockTokenPrefix + leases.incrementAndGet();
    }

    /** Runs the job and records how it ended; returns the platform's next job when it was taken in the same step. */
    private Optional<ClaimedJob> runJob(ClaimedJob job) {
        Span span = JobSpan.start(job, workerName);
        if (!span.getSpanContext().isValid()) {
            // tracing off: nothing to make current, nothing to end
            return runJobUnder(span, job);
        }
        try (Scope ignored = span.makeCurrent()) {
            return runJobUnder(span, job);
        } finally {
            span.end();
        }
    }

    private Optional<ClaimedJob> runJobUnder(Span span, ClaimedJob job) {
        long started = System.nanoTime();
        LogEvent.info(
                LOG,
                job.recovered() ? "job.recovered" : "job.started",
                "job_id",
                job.jobId(),
                "platform",
                platform,
                "workflow_id",
                job.job().workflowId(),
                "attempt",
                job.job().attempts());
        metrics.jobStarted(job);
        JobControl control = new JobControl();
        currentControl = control;
        leasedRun = new LeasedRun(job, control);
        JobOutcome outcome;
        try {
            outcome = executor.execute(job, control);
        } catch (Exception e) {
            LogEvent.error(LOG, "job.error", "job_id", job.jobId(), "platform", platform, e);
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            // only the executor knows whether another run may help (WorkflowRunner decides for node failures),
            // except when the job's own state could not be read or written: Redis restarting or out of reach says
            // nothing about the job, so it gets another run (from its checkpoint) like a failed node's
            outcome = causedByRedis(e) ? JobOutcome.failedRetryable(error, null) : JobOutcome.failed(error, null);
        } finally {
            currentControl = null;
        }
        if (control.handedBack()) {
            span.setAttribute("scanner.job.status", "handed_back");
            boolean released = queue.release(job);
            LogEvent.info(
                    LOG,
                    "job.handed_back",
                    "job_id",
                    job.jobId(),
                    "platform",
                    platform,
                    "released",
                    released,
                    "reason",
                    control.stopReason());
            return Optional.empty();
        }
        long millis;
        if (outcome.retryable()) {
            JobRetries.Decision decision = retryOrGiveUp(job, outcome);
            JobSpan.ended(span, outcome, decision.name().toLowerCase(Locale.ROOT));
            millis = (System.nanoTime() - started) / 1_000_000;
            switch (decision) {
                case SCHEDULED ->
                    LogEvent.warn(
                            LOG,
                            "job.retry_scheduled",
                            "job_id",
                            job.jobId(),
                            "platform",
                            platform,
                            "attempt",
                            job.job().attempts(),
                            "duration_ms",
                            millis,
                            "error",
                            outcome.error());
                case DEAD_LETTERED ->
                    LogEvent.error(
                            LOG,
                            "job.dead_lettered",
                            "job_id",
                            job.jobId(),
                            "platform",
                            platform,
                            "attempt",
                            job.job().attempts(),
                            "duration_ms",
                            millis,
                            "error",
                            outcome.error());
                case CANCELLED ->
                    LogEvent.info(
                            LOG,
                            "job.finished",
                            "job_id",
                            job.jobId(),
                            "platform",
                            platform,
                            "status",
                            "cancelled",
                            "duration_ms",
                            millis,
                            "error",
                            outcome.error());
                case LEASE_LOST -> logLeaseLost(job, outcome, millis);
            }
            metrics.jobEnded(job, decision.name().toLowerCase(Locale.ROOT), started);
            return Optional.empty();
        }
        JobQueue.Finished finished = recordOutcome(job, outcome);
        boolean recorded = finished.recorded();
        JobSpan.ended(span, outcome, recorded ? outcome.status().wireName() : "lease_lost");
        metrics.jobEnded(job, recorded ? outcome.status().wireName() : "lease_lost", started);
        millis = (System.nanoTime() - started) / 1_000_000;
        if (recorded) {
            LogEvent.info(
                    LOG,
                    "job.finished",
                    "job_id",
                    job.jobId(),
                    "platform",
                    platform,
                    "status",
                    outcome.status().wireName(),
                    "duration_ms",
                    millis,
                    "error",
                    outcome.error());
        } else {
            logLeaseLost(job, outcome, millis);
        }
        return finished.next();
    }

    /** The job's outcome was not recorded: another worker holds its lease now. */
    private void logLeaseLost(ClaimedJob job, JobOutcome outcome, long millis) {
        LogEvent.error(
                LOG,
                "job.lease_lost",
                "job_id",
                job.jobId(),
                "platform",
                platform,
                "duration_ms",
                millis,
                "outcome_discarded",
                outcome.status().wireName());
    }

    /**
     * Writes the outcome and, unless the worker is stopping, takes the next job in the same step; retries while
     * Redis is unreachable: the lease keeps the platform ours meanwhile. A retry after a reply that was lost finds
     * the lease handed on already and reports it lost; the job it took then is recovered after the lease.
     */
    private JobQueue.Finished recordOutcome(ClaimedJob job, JobOutcome outcome) {
        return whileLeaseMayHold(
                job,
                () -> running
                        ? queue.finishAndClaimNext(job, outcome, newLockToken(), workerName)
                        : new JobQueue.Finished(queue.complete(job, outcome), Optional.empty()),
                new JobQueue.Finished(false, Optional.empty()));
    }

    /** Schedules the retry (or dead-letters the job), retrying while Redis is unreachable, as recordOutcome does. */
    private JobRetries.Decision retryOrGiveUp(ClaimedJob job, JobOutcome outcome) {
        return whileLeaseMayHold(job, () -> retries.retryOrGiveUp(job, outcome), JobRetries.Decision.LEASE_LOST);
    }

    /**
     * Makes {@code write} about the job, again after a pause each time Redis cannot be reached (a restart, a
     * failover), for as long as the platform's lease may still be ours (at least {@value #WRITE_ATTEMPTS} times);
     * after that another worker may have the job, and {@code givenUp} is returned.
     */
    private <T> T whileLeaseMayHold(ClaimedJob job, Supplier<T> write, T givenUp) {
        long firstFailure = 0;
        for (int attempt = 1; ; attempt++) {
            try {
                return write.get();
            } catch (RedisException e) {
                long now = System.nanoTime();
                firstFailure = attempt == 1 ? now : firstFailure;
                if (attempt >= WRITE_ATTEMPTS
                        && now - firstFailure >= queue.lease().toNanos()) {
                    LogEvent.error(
                            LOG,
                            "job.record_failed",
                            "job_id",
                            job.jobId(),
                            "platform",
                            platform,
                            "attempts",
                            attempt,
                            "error",
                            e.getMessage());
                    return givenUp;
                }
                pause();
            }
        }
    }

    private static boolean causedByRedis(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RedisException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Extends the running job's lease and passes on a cancel request; the pool's lease timer calls this for every
     * worker at least every third of the lease (and every second). The lease is the platform's across a busy
     * streak: finishing a job hands it to the next one without renewing it, so the timer keeps it alive.
     */
    void renewLease() {
        LeasedRun run = leasedRun;
        if (run == null) {
            return;
        }
        ClaimedJob job = run.job();
        JobControl control = run.control();
        try {
            switch (queue.renew(job)) {
                case LOST -> control.stop("lease on platform " + platform + " lost");
                case HELD_CANCEL_REQUESTED -> {
                    if (!control.cancelled()) {
                        LogEvent.info(LOG, "job.cancelling", "job_id", job.jobId(), "platform", platform);
                        control.cancel();
                    }
                }
                case HELD -> {}
            }
        } catch (RedisException e) {
            LogEvent.warn(
                    LOG, "lease.renew_failed", "job_id", job.jobId(), "platform", platform, "error", e.getMessage());
        }
    }

    /** How long to wait idle: the poll interval, or until another worker's lease on the platform would run out. */
    private Duration idleWait() {
        long lockLeft = queue.lockRemainingMillis(platform);
        if (lockLeft > 0 && lockLeft < pollInterval.toMillis()) {
            // a lease that is not renewed by then belonged to a worker that died: take its job over at once
            return Duration.ofMillis(lockLeft + 5);
        }
        return pollInterval;
    }

    private void pause() {
        try {
            Thread.sleep(Math.min(1000, pollInterval.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Restarts when someone asked (POST /api/v2/workers/{p}/restart): only while idle, so a running job is never
     * cut short; the executor drops its scanners and the next job gets fresh ones.
     */
    private void restartIfRequested() {
        if (!platformControl.takeRestartRequest(platform)) {
            return;
        }
        executor.restartPlatform(platform);
        LogEvent.info(LOG, "worker.restarted", "platform", platform, "worker", workerName);
    }
}
