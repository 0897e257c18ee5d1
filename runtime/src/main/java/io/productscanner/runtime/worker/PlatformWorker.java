package io.productscanner.runtime.worker;

import io.productscanner.runtime.logging.LogEvent;
import io.lettuce.core.RedisException;
import io.productscanner.runtime.heartbeat.CurrentJob;
import io.productscanner.runtime.metrics.ScannerMetrics;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.queue.JobQueue;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one platform's jobs, one at a time: take the next job when the platform lock is free, run it while a
 * watchdog renews the lease, record the outcome, repeat. When there is nothing to take it waits for a wake-up
 * (or the safety-net poll interval).
 */
final class PlatformWorker implements Runnable {
    private static final System.Logger LOG = System.getLogger(PlatformWorker.class.getName());

    private final String platform;
    private final String workerName;
    private final JobQueue queue;
    private final JobExecutor executor;
    private final WakeSignal wakeSignal;
    private final Duration pollInterval;
    private final ScheduledExecutorService leaseTimer;
    private volatile boolean running = true;
    /** The job running now, for the heartbeat; null while idle. */
    private volatile CurrentJob currentJob;
    /** How to stop the job running now; null while idle. */
    private volatile JobControl currentControl;

    PlatformWorker(String platform, String workerName, JobQueue queue, JobExecutor executor, WakeSignal wakeSignal,
                   Duration pollInterval, ScheduledExecutorService leaseTimer) {
        this.platform = platform;
        this.workerName = workerName;
        this.queue = queue;
        this.executor = executor;
        this.wakeSignal = wakeSignal;
        this.pollInterval = pollInterval;
        this.leaseTimer = leaseTimer;
    }

    @Override
    public void run() {
        LogEvent.info(LOG, "worker.started", "platform", platform, "worker", workerName);
        while (running) {
            try {
                Optional<ClaimedJob> claimed = queue.claim(platform, workerName + ":" + UUID.randomUUID(), workerName);
                if (claimed.isPresent()) {
                    currentJob = new CurrentJob(claimed.get().jobId(), platform);
                    try {
                        runJob(claimed.get());
                    } finally {
                        currentJob = null;
                    }
                } else {
                    restartIfRequested();
                    wakeSignal.await(pollInterval);
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

    private void runJob(ClaimedJob job) {
        long started = System.nanoTime();
        LogEvent.info(LOG, job.recovered() ? "job.recovered" : "job.started", "job_id", job.jobId(), "platform",
                platform, "workflow_id", job.job().workflowId(), "attempt", job.job().attempts());
        ScannerMetrics.global().jobStarted(job);
        JobControl control = new JobControl();
        currentControl = control;
        // renewing also carries cancel requests, so it runs at least every second
        long renewEvery = Math.max(1, Math.min(1000, queue.lease().toMillis() / 3));
        ScheduledFuture<?> watchdog = leaseTimer.scheduleAtFixedRate(() -> renewLease(job, control),
                renewEvery, renewEvery, TimeUnit.MILLISECONDS);
        JobOutcome outcome;
        try {
            outcome = executor.execute(job, control);
        } catch (Exception e) {
            LogEvent.error(LOG, "job.error", "job_id", job.jobId(), "platform", platform, e);
            // only the executor knows whether another run may help (WorkflowRunner decides for node failures)
            outcome = JobOutcome.failed(e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        } finally {
            watchdog.cancel(false);
            currentControl = null;
        }
        if (control.handedBack()) {
            boolean released = queue.release(job);
            LogEvent.info(LOG, "job.handed_back", "job_id", job.jobId(), "platform", platform, "released", released,
                    "reason", control.stopReason());
            return;
        }
        long millis;
        if (outcome.retryable()) {
            JobQueue.RetryDecision decision = retryOrGiveUp(job, outcome);
            millis = (System.nanoTime() - started) / 1_000_000;
            switch (decision) {
                case SCHEDULED -> LogEvent.warn(LOG, "job.retry_scheduled", "job_id", job.jobId(), "platform",
                        platform, "attempt", job.job().attempts(), "duration_ms", millis, "error", outcome.error());
                case DEAD_LETTERED -> LogEvent.error(LOG, "job.dead_lettered", "job_id", job.jobId(), "platform",
                        platform, "attempt", job.job().attempts(), "duration_ms", millis, "error", outcome.error());
                case CANCELLED -> LogEvent.info(LOG, "job.finished", "job_id", job.jobId(), "platform", platform,
                        "status", "cancelled", "duration_ms", millis, "error", outcome.error());
                case LEASE_LOST -> LogEvent.error(LOG, "job.lease_lost", "job_id", job.jobId(), "platform",
                        platform, "duration_ms", millis, "outcome_discarded", outcome.status().wireName());
            }
            ScannerMetrics.global().jobEnded(job, decision.name().toLowerCase(java.util.Locale.ROOT), started);
            return;
        }
        boolean recorded = recordOutcome(job, outcome);
        ScannerMetrics.global().jobEnded(job, recorded ? outcome.status().wireName() : "lease_lost", started);
        millis = (System.nanoTime() - started) / 1_000_000;
        if (recorded) {
            LogEvent.info(LOG, "job.finished", "job_id", job.jobId(), "platform", platform,
                    "status", outcome.status().wireName(), "duration_ms", millis, "error", outcome.error());
        } else {
            LogEvent.error(LOG, "job.lease_lost", "job_id", job.jobId(), "platform", platform,
                    "duration_ms", millis, "outcome_discarded", outcome.status().wireName());
        }
    }

    /** Writes the outcome, retrying while Redis is unreachable: the lease keeps the platform ours meanwhile. */
    private boolean recordOutcome(ClaimedJob job, JobOutcome outcome) {
        for (int attempt = 1; ; attempt++) {
            try {
                return queue.complete(job, outcome);
            } catch (RedisException e) {
                if (attempt >= 5) {
                    LogEvent.error(LOG, "job.record_failed", "job_id", job.jobId(), "platform", platform, "error",
                            e.getMessage());
                    return false;
                }
                pause();
            }
        }
    }

    /** Schedules the retry (or dead-letters the job), retrying while Redis is unreachable, as recordOutcome does. */
    private JobQueue.RetryDecision retryOrGiveUp(ClaimedJob job, JobOutcome outcome) {
        for (int attempt = 1; ; attempt++) {
            try {
                return queue.retryOrGiveUp(job, outcome);
            } catch (RedisException e) {
                if (attempt >= 5) {
                    LogEvent.error(LOG, "job.record_failed", "job_id", job.jobId(), "platform", platform, "error",
                            e.getMessage());
                    return JobQueue.RetryDecision.LEASE_LOST;
                }
                pause();
            }
        }
    }

    private void renewLease(ClaimedJob job, JobControl control) {
        try {
            switch (queue.renew(job)) {
                case LOST -> control.stop("lease on platform " + platform + " lost");
                case HELD_CANCEL_REQUESTED -> {
                    if (!control.cancelled()) {
                        LogEvent.info(LOG, "job.cancelling", "job_id", job.jobId(), "platform", platform);
                        control.cancel();
                    }
                }
                case HELD -> {
                }
            }
        } catch (RedisException e) {
            LogEvent.warn(LOG, "lease.renew_failed", "job_id", job.jobId(), "platform", platform, "error",
                    e.getMessage());
        }
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
        if (!queue.takeRestartRequest(platform)) {
            return;
        }
        executor.restartPlatform(platform);
        LogEvent.info(LOG, "worker.restarted", "platform", platform, "worker", workerName);
    }
}
