package io.productscanner.runtime.worker;

import io.lettuce.core.api.StatefulRedisConnection;
import io.productscanner.runtime.heartbeat.CurrentJob;
import io.productscanner.runtime.heartbeat.CurrentJobs;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.metrics.ScannerMetrics;
import io.productscanner.runtime.queue.JobRetries;
import io.productscanner.runtime.queue.Queues;
import io.productscanner.runtime.redis.RedisConnections;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The workers of one process: one {@link PlatformWorker} per served queue and one shared wake listener. */
public final class WorkerPool implements AutoCloseable, CurrentJobs {
    private static final System.Logger LOG = System.getLogger(WorkerPool.class.getName());

    private final List<PlatformWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final WakeListener wakeListener;
    private final StatefulRedisConnection<String, String> blockingConnection;
    private final ScheduledExecutorService leaseTimer;
    private final String workerName;
    private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;

    /** Running jobs get this long to finish when the process stops. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
    /** How long a job asked to stop may take to reach its next product. */
    private static final Duration HAND_BACK_WAIT = Duration.ofSeconds(30);
    /** How often this process queues the retries that have become due. */
    static final Duration RETRY_MOVE_INTERVAL = Duration.ofSeconds(1);
    /** Retries queued per tick at most, so one tick never holds Redis for long. */
    private static final int RETRY_MOVE_BATCH = 100;

    private WorkerPool(
            RedisConnections redis,
            Queues queues,
            List<String> platforms,
            String workerName,
            Duration pollInterval,
            ScannerMetrics metrics,
            JobExecutor executor) {
        this.workerName = workerName;
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name("lease-watchdog").factory());
        this.leaseTimer = timer;
        Map<String, WakeSignal> signals = new LinkedHashMap<>();
        for (String platform : platforms) {
            WakeSignal signal = new WakeSignal();
            signals.put(platform, signal);
            workers.add(new PlatformWorker(platform, workerName, queues, executor, signal, pollInterval, metrics));
        }
        this.blockingConnection = redis.openBlocking();
        this.wakeListener = new WakeListener(blockingConnection, queues.jobs().keys(), signals);
        // renewing also carries cancel requests, so it runs at least every second
        long renewEvery = Math.max(1, Math.min(1000, queues.jobs().lease().toMillis() / 3));
        leaseTimer.scheduleAtFixedRate(this::renewLeases, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
        // every worker process moves due retries (of any platform); move-due.lua makes concurrent movers safe
        leaseTimer.scheduleWithFixedDelay(
                () -> moveDueRetries(queues.retries()),
                RETRY_MOVE_INTERVAL.toMillis(),
                RETRY_MOVE_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void renewLeases() {
        for (PlatformWorker worker : workers) {
            try {
                worker.renewLease();
            } catch (RuntimeException e) {
                // a scheduled task that throws is never run again: one failed renewal must not end the others
                LogEvent.warn(LOG, "lease.renew_failed", "worker", workerName, "error", String.valueOf(e));
            }
        }
    }

    private void moveDueRetries(JobRetries retries) {
        try {
            long moved = retries.moveDueRetries(RETRY_MOVE_BATCH);
            if (moved > 0) {
                LogEvent.info(LOG, "retries.queued", "worker", workerName, "jobs", moved);
            }
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: Redis being away must not end the mover
            LogEvent.warn(LOG, "retries.move_failed", "worker", workerName, "error", e.getMessage());
        }
    }

    /** Starts a worker for each platform queue given, with the default shutdown grace period. */
    public static WorkerPool start(
            RedisConnections redis,
            Queues queues,
            List<String> platforms,
            String workerName,
            Duration pollInterval,
            ScannerMetrics metrics,
            JobExecutor executor) {
        return start(redis, queues, platforms, workerName, pollInterval, DEFAULT_SHUTDOWN_GRACE, metrics, executor);
    }

    /**
     * Starts a worker for each platform queue given.
     *
     * @param shutdownGrace how long {@link #close()} lets running jobs finish before handing them back
     * @param metrics       records each job's wait, run time and outcome
     */
    public static WorkerPool start(
            RedisConnections redis,
            Queues queues,
            List<String> platforms,
            String workerName,
            Duration pollInterval,
            Duration shutdownGrace,
            ScannerMetrics metrics,
            JobExecutor executor) {
        if (platforms.isEmpty()) {
            throw new IllegalArgumentException("a worker pool needs at least one platform");
        }
        WorkerPool pool = new WorkerPool(redis, queues, platforms, workerName, pollInterval, metrics, executor);
        pool.shutdownGrace = shutdownGrace;
        pool.threads.add(Thread.ofVirtual().name("wake-listener").start(pool.wakeListener));
        for (int i = 0; i < platforms.size(); i++) {
            // a platform thread per platform: a worker blocks on Redis once per job, and waking a parked platform
            // thread costs less than rescheduling a virtual one on the carrier pool (measured: bench queue)
            pool.threads.add(Thread.ofPlatform()
                    .daemon()
                    .name("worker-" + platforms.get(i))
                    .start(pool.workers.get(i)));
        }
        LogEvent.info(LOG, "workers.started", "worker", workerName, "platforms", String.join(",", platforms));
        return pool;
    }

    /** The job each busy worker runs now. */
    @Override
    public List<CurrentJob> currentJobs() {
        return workers.stream()
                .map(PlatformWorker::currentJob)
                .flatMap(Optional::stream)
                .toList();
    }

    /**
     * Stops taking jobs and lets running jobs finish within the grace period; a job still running after it is
     * stopped at its next product and handed back to the head of its queue, to be resumed from its checkpoint.
     */
    @Override
    public void close() {
        wakeListener.stop();
        // ends a BLPOP in progress at once instead of after its timeout
        blockingConnection.close();
        workers.forEach(PlatformWorker::stop);
        long deadline = System.nanoTime() + shutdownGrace.toNanos();
        try {
            for (Thread thread : threads) {
                thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
            if (threads.stream().anyMatch(Thread::isAlive)) {
                LogEvent.info(LOG, "workers.handing_back", "worker", workerName, "grace_ms", shutdownGrace.toMillis());
                workers.forEach(w -> w.handBackRunningJob(
                        "worker shutting down after a " + shutdownGrace.toMillis() + " ms grace period"));
                for (Thread thread : threads) {
                    thread.join(HAND_BACK_WAIT);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        leaseTimer.shutdownNow();
    }
}
