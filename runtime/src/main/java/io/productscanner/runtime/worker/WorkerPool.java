package io.productscanner.runtime.worker;

import io.productscanner.runtime.logging.LogEvent;
import io.lettuce.core.api.StatefulRedisConnection;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.redis.RedisConnections;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The workers of one process: one {@link PlatformWorker} per served queue and one shared wake listener. */
public final class WorkerPool implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WorkerPool.class.getName());

    private final List<PlatformWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final WakeListener wakeListener;
    private final StatefulRedisConnection<String, String> blockingConnection;
    private final ScheduledExecutorService leaseTimer;

    private WorkerPool(RedisConnections redis, JobQueue queue, List<String> platforms, String workerName,
                       Duration pollInterval, JobExecutor executor) {
        this.leaseTimer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("lease-watchdog").factory());
        Map<String, WakeSignal> signals = new LinkedHashMap<>();
        for (String platform : platforms) {
            WakeSignal signal = new WakeSignal();
            signals.put(platform, signal);
            workers.add(new PlatformWorker(platform, workerName, queue, executor, signal, pollInterval, leaseTimer));
        }
        this.blockingConnection = redis.openBlocking();
        this.wakeListener = new WakeListener(blockingConnection, queue.keys(), signals);
    }

    /** Starts a worker for each platform queue given. */
    public static WorkerPool start(RedisConnections redis, JobQueue queue, List<String> platforms, String workerName,
                                   Duration pollInterval, JobExecutor executor) {
        if (platforms.isEmpty()) {
            throw new IllegalArgumentException("a worker pool needs at least one platform");
        }
        WorkerPool pool = new WorkerPool(redis, queue, platforms, workerName, pollInterval, executor);
        pool.threads.add(Thread.ofVirtual().name("wake-listener").start(pool.wakeListener));
        for (int i = 0; i < platforms.size(); i++) {
            pool.threads.add(Thread.ofVirtual().name("worker-" + platforms.get(i)).start(pool.workers.get(i)));
        }
        LogEvent.info(LOG, "workers.started", "worker", workerName, "platforms", String.join(",", platforms));
        return pool;
    }

    /** Stops taking jobs and waits for running jobs to finish. */
    @Override
    public void close() {
        wakeListener.stop();
        // ends a BLPOP in progress at once instead of after its timeout
        blockingConnection.close();
        workers.forEach(PlatformWorker::stop);
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        leaseTimer.shutdownNow();
    }
}
