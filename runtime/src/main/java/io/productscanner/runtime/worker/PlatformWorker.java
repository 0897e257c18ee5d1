package io.productscanner.runtime.worker;

import io.lettuce.core.RedisException;
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
        LOG.log(System.Logger.Level.INFO, "event=worker.started platform={0} worker={1}", platform, workerName);
        while (running) {
            try {
                Optional<ClaimedJob> claimed = queue.claim(platform, workerName + ":" + UUID.randomUUID(), workerName);
                if (claimed.isPresent()) {
                    runJob(claimed.get());
                } else {
                    wakeSignal.await(pollInterval);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RedisException e) {
                LOG.log(System.Logger.Level.WARNING, "event=worker.redis_error platform={0} error={1}", platform,
                        e.getMessage());
                pause();
            }
        }
        LOG.log(System.Logger.Level.INFO, "event=worker.stopped platform={0} worker={1}", platform, workerName);
    }

    void stop() {
        running = false;
        wakeSignal.signal();
    }

    private void runJob(ClaimedJob job) {
        long started = System.nanoTime();
        LOG.log(System.Logger.Level.INFO, "event=job.started job_id={0} platform={1} workflow_id={2} attempt={3}",
                job.jobId(), platform, job.job().workflowId(), job.job().attempts());
        JobControl control = new JobControl();
        long renewEvery = Math.max(1, queue.lease().toMillis() / 3);
        ScheduledFuture<?> watchdog = leaseTimer.scheduleAtFixedRate(() -> renewLease(job, control),
                renewEvery, renewEvery, TimeUnit.MILLISECONDS);
        JobOutcome outcome;
        try {
            outcome = executor.execute(job, control);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.ERROR, "event=job.error job_id=" + job.jobId() + " platform=" + platform, e);
            outcome = JobOutcome.failed(e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        } finally {
            watchdog.cancel(false);
        }
        boolean recorded = recordOutcome(job, outcome);
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (recorded) {
            LOG.log(System.Logger.Level.INFO,
                    "event=job.finished job_id={0} platform={1} status={2} duration_ms={3}{4}", job.jobId(),
                    platform, outcome.status().wireName(), millis,
                    outcome.error() == null ? "" : " error=\"" + outcome.error() + "\"");
        } else {
            LOG.log(System.Logger.Level.ERROR,
                    "event=job.lease_lost job_id={0} platform={1} duration_ms={2} outcome_discarded={3}",
                    job.jobId(), platform, millis, outcome.status().wireName());
        }
    }

    /** Writes the outcome, retrying while Redis is unreachable: the lease keeps the platform ours meanwhile. */
    private boolean recordOutcome(ClaimedJob job, JobOutcome outcome) {
        for (int attempt = 1; ; attempt++) {
            try {
                return queue.complete(job, outcome);
            } catch (RedisException e) {
                if (attempt >= 5) {
                    LOG.log(System.Logger.Level.ERROR, "event=job.record_failed job_id={0} platform={1} error={2}",
                            job.jobId(), platform, e.getMessage());
                    return false;
                }
                pause();
            }
        }
    }

    private void renewLease(ClaimedJob job, JobControl control) {
        try {
            if (!queue.renew(job)) {
                control.stop("lease on platform " + platform + " lost");
            }
        } catch (RedisException e) {
            LOG.log(System.Logger.Level.WARNING, "event=lease.renew_failed job_id={0} platform={1} error={2}",
                    job.jobId(), platform, e.getMessage());
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
}
