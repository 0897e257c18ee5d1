package io.productscanner.tools.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisURI;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.metrics.ScannerMetrics;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.queue.NewJob;
import io.productscanner.runtime.queue.QueuePolicy;
import io.productscanner.runtime.queue.Queues;
import io.productscanner.runtime.redis.EmbeddedRedis;
import io.productscanner.runtime.redis.RedisConnections;
import io.productscanner.runtime.redis.RedisKeys;
import io.productscanner.runtime.redis.RedisTls;
import io.productscanner.runtime.redis.ReplicaAcks;
import io.productscanner.runtime.worker.JobControl;
import io.productscanner.runtime.worker.JobExecutor;
import io.productscanner.runtime.worker.WorkerPool;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench queue --jobs N --platforms P [--workers W] [--payload-bytes B] [--wait-jobs M] [--warmup-jobs J]
 * [--redis-url URL]}: queue throughput through the real queue, lock, worker and job-store code, with empty job
 * bodies, over P synthetic platforms (each strictly one job at a time) served by W worker pools each.
 * {@code jobs_per_second}: the pools wait idle while N jobs (with B bytes of params each) are added in bulk, timed
 * from the first add to the last job done (BullMQ's scenario in docs/PERFORMANCE.md, which bench/bullmq/bench.js
 * reproduces); Redis commands per job come from {@code INFO commandstats} (commands inside scripts included), CPU
 * from both processes, all over that pass. {@code drain_jobs_per_second}: the N jobs added first, then the pools
 * started on the full queues. Round trips per job: the first scenario once more, untimed, with Redis's MONITOR
 * counting the commands the clients sent. Then M jobs measure enqueue → start of an idle worker (see
 * {@code bench wait}). With J warm-up jobs, the timed passes are made first with J jobs, unmeasured. Prints a
 * table, then one JSON line.
 */
@Command(
        name = "queue",
        description = {
            "Queue throughput with empty job bodies: idle workers while the jobs "
                    + "are added in bulk (jobs_per_second), then a drain of full queues (drain_jobs_per_second).",
            "Redis commands, round trips and CPU per job, and the wait."
        })
public final class BenchQueueCommand extends Benchmark {
    @Option(
            names = "--jobs",
            paramLabel = "N",
            defaultValue = "20000",
            description = "Jobs per pass (default ${DEFAULT-VALUE}).")
    int jobs;

    @Option(
            names = "--platforms",
            paramLabel = "P",
            defaultValue = "8",
            description = "Synthetic platforms, each strictly one job at a time (default ${DEFAULT-VALUE}).")
    int platforms;

    @Option(
            names = "--workers",
            paramLabel = "W",
            defaultValue = "1",
            description = "Worker pools (processes' worth of clients) per platform (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(
            names = "--payload-bytes",
            paramLabel = "B",
            defaultValue = "0",
            description = "Bytes of params per job (default ${DEFAULT-VALUE}).")
    int payloadBytes;

    @Option(
            names = "--wait-jobs",
            paramLabel = "M",
            defaultValue = "300",
            description = "Jobs that then measure enqueue -> start of an idle worker (default ${DEFAULT-VALUE}).")
    int waitJobs;

    @Option(
            names = "--warmup-jobs",
            paramLabel = "J",
            defaultValue = "0",
            description = "The same passes first with J jobs, unmeasured (default ${DEFAULT-VALUE}).")
    int warmupJobs;

    @Option(names = "--redis-url", paramLabel = "URL", description = "A Redis to use instead of a fresh embedded one.")
    String redisUrl;

    /**
     * {@code REDIS_MIN_REPLICA_ACKS} and its wait, as a worker process reads them: what acknowledged writes cost
     * against a Redis with replicas ({@code --redis-url}). Read once per run, before any connection is made.
     */
    private static ReplicaAcks replicaAcks = ReplicaAcks.NONE;

    private static RedisTls redisTls = RedisTls.DEFAULTS;

    @Override
    int run(Settings settings, PrintStream out, PrintStream err) throws Exception {
        replicaAcks = ReplicaAcks.from(settings);
        redisTls = RedisTls.from(settings);
        if (jobs < 1 || platforms < 1 || workers < 1 || payloadBytes < 0 || waitJobs < 0 || warmupJobs < 0) {
            throw usage("--jobs, --platforms and --workers must be at least 1, --payload-bytes, --wait-jobs and "
                    + "--warmup-jobs at least 0");
        }
        // INFO and CONFIG RESETSTAT: the Redis CPU and command counts reported; MONITOR: the round trips
        EmbeddedRedis embedded = redisUrl == null
                ? EmbeddedRedis.start(ownRedis(settings).allowing("info", "config|resetstat", "monitor"))
                : null;
        RedisURI uri = embedded != null ? embedded.uri() : redisUri(redisUrl, settings);
        BenchReport report = new BenchReport("queue");
        report.put("min_replica_acks", replicaAcks.replicas());
        try {
            // the same run first, unmeasured and under other keys: the JIT has compiled the hot path by then, as
            // in a worker that has been running for a while
            if (warmupJobs > 0
                    && !measureThroughput(
                            uri,
                            warmupJobs,
                            platforms,
                            workers,
                            payloadBytes,
                            new BenchReport("warm-up"),
                            false,
                            err)) {
                return 1;
            }
            report.put("warmup_jobs", warmupJobs);
            if (!measureThroughput(uri, jobs, platforms, workers, payloadBytes, report, true, err)) {
                return 1;
            }
            if (waitJobs > 0) {
                long[] waits = BenchWaitCommand.measureWaits(uri, redisTls, waitJobs);
                report.put("wait_jobs", waitJobs)
                        .put("wait_ms_p50", BenchWaitCommand.millis(BenchWaitCommand.percentile(waits, 50)))
                        .put("wait_ms_p99", BenchWaitCommand.millis(BenchWaitCommand.percentile(waits, 99)));
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        report.put(
                "peak_rss_mb", BenchReport.procStatusMb(ProcessHandle.current().pid(), "VmHWM"));
        report.print(out);
        return 0;
    }

    /**
     * Two passes over fresh keys. First BullMQ's scenario in docs/PERFORMANCE.md: the worker
     * pools run and wait, idle, then the jobs are added in bulk; timed from the first add to the last job done
     * ({@code jobs_per_second}); the commands and CPU per job are this pass's, adding included. Then the drain: the
     * jobs are added first and the pools started on the full queues ({@code drain_jobs_per_second}). In both the
     * worker processes' clients are connected before the clock starts, as a running worker's are. With
     * {@code countRoundTrips}, the first scenario once more, untimed, under MONITOR: the commands the clients sent.
     */
    private static boolean measureThroughput(
            RedisURI uri,
            int jobs,
            int platforms,
            int workers,
            int payloadBytes,
            BenchReport report,
            boolean countRoundTrips,
            PrintStream err)
            throws Exception {
        // a worker process has its metrics registry before it takes a job; the bench process makes it here
        ScannerMetrics metrics = ScannerMetrics.create();
        try (RedisConnections producer =
                RedisConnections.connect(uri, redisTls, replicaAcks, metrics::writeNotReplicated)) {
            Pass workersReady = new Pass(uri, jobs, platforms, workers, payloadBytes, metrics);
            try {
                workersReady.startWorkers();
                // the pools are up: let every worker reach its idle wait before the clock starts
                Thread.sleep(250);
                producer.commands().configResetstat();
                double redisCpuBefore = redisCpuSeconds(producer.commands().info("cpu"));
                long javaCpuBefore = javaCpuNanos();
                long start = System.nanoTime();
                workersReady.queues(producer).jobs().enqueueAll(workersReady.newJobs);
                double enqueueSeconds = (System.nanoTime() - start) / 1e9;
                if (!workersReady.awaitDone(err)) {
                    return false;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                report.put("java_cpu_us_per_job", Math.round((javaCpuNanos() - javaCpuBefore) / 1000.0 / jobs));
                report.put(
                        "redis_cpu_us_per_job",
                        Math.round((redisCpuSeconds(producer.commands().info("cpu")) - redisCpuBefore) * 1e6 / jobs));
                long commands = commandCalls(producer.commands().info("commandstats"));
                report.put("jobs", jobs)
                        .put("platforms", platforms)
                        .put("workers_per_platform", workers)
                        .put("payload_bytes", payloadBytes)
                        .put("seconds", BenchReport.round2(seconds))
                        .put("jobs_per_second", Math.round(jobs / seconds))
                        .put("enqueue_seconds", BenchReport.round2(enqueueSeconds))
                        .put("redis_commands_per_job", BenchReport.round2((double) commands / jobs));
            } finally {
                workersReady.close();
            }

            Pass drain = new Pass(uri, jobs, platforms, workers, payloadBytes, metrics);
            try {
                drain.queues(producer).jobs().enqueueAll(drain.newJobs);
                drain.connectClients();
                long start = System.nanoTime();
                drain.startWorkers();
                if (!drain.awaitDone(err)) {
                    return false;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                report.put("drain_seconds", BenchReport.round2(seconds))
                        .put("drain_jobs_per_second", Math.round(jobs / seconds));
            } finally {
                drain.close();
            }

            if (countRoundTrips) {
                Pass counted = new Pass(uri, jobs, platforms, workers, payloadBytes, metrics);
                try (RedisMonitor monitor = RedisMonitor.start(uri)) {
                    counted.startWorkers();
                    Thread.sleep(250);
                    Runnable marker = () -> producer.commands().echo(RedisMonitor.MARKER);
                    long before = monitor.clientCommandsAfter(marker);
                    counted.queues(producer).jobs().enqueueAll(counted.newJobs);
                    if (!counted.awaitDone(err)) {
                        return false;
                    }
                    long roundTrips = monitor.clientCommandsAfter(marker) - before;
                    report.put("round_trips_per_job", BenchReport.round2((double) roundTrips / jobs));
                } finally {
                    counted.close();
                }
            }
        }
        return true;
    }

    /** One pass: its own keys and jobs, and W worker processes' clients and pools over them. */
    private static final class Pass implements AutoCloseable {
        private final RedisURI uri;
        private final int workers;
        private final RedisKeys keys =
                new RedisKeys("bench-" + UUID.randomUUID().toString().substring(0, 8) + ":");
        private final List<String> platformNames = new ArrayList<>();
        private final List<NewJob> newJobs;
        private final CountDownLatch done;
        private final ScannerMetrics metrics;
        private final List<RedisConnections> clients = new ArrayList<>();
        private final List<WorkerPool> pools = new ArrayList<>();

        Pass(RedisURI uri, int jobs, int platforms, int workers, int payloadBytes, ScannerMetrics metrics) {
            this.uri = uri;
            this.metrics = metrics;
            this.workers = workers;
            for (int p = 0; p < platforms; p++) {
                platformNames.add("bench-p" + p);
            }
            ObjectNode params = JsonNodeFactory.instance.objectNode();
            if (payloadBytes > 0) {
                params.put("payload", "x".repeat(payloadBytes));
            }
            newJobs = new ArrayList<>(jobs);
            for (int i = 0; i < jobs; i++) {
                newJobs.add(new NewJob(
                        UUID.randomUUID().toString(),
                        "bench",
                        platformNames.get(i % platforms),
                        0,
                        params,
                        JsonNodeFactory.instance.objectNode()));
            }
            done = new CountDownLatch(jobs);
        }

        Queues queues(RedisConnections client) {
            return Queues.over(client.commands(), keys, QueuePolicy.of(Duration.ofSeconds(30), Duration.ofMinutes(10)));
        }

        void connectClients() {
            while (clients.size() < workers) {
                clients.add(RedisConnections.connect(uri, redisTls, replicaAcks, metrics::writeNotReplicated));
            }
        }

        void startWorkers() {
            connectClients();
            for (int w = 0; w < workers; w++) {
                RedisConnections client = clients.get(w);
                pools.add(WorkerPool.start(
                        client,
                        queues(client),
                        platformNames,
                        "bench-" + w,
                        Duration.ofSeconds(1),
                        metrics,
                        new EmptyJob(done)));
            }
        }

        boolean awaitDone(PrintStream err) throws InterruptedException {
            if (!done.await(10, TimeUnit.MINUTES)) {
                err.println("jobs did not finish within 10 minutes; " + done.getCount() + " left");
                return false;
            }
            return true;
        }

        @Override
        public void close() {
            pools.forEach(WorkerPool::close);
            clients.forEach(RedisConnections::close);
        }
    }

    /** CPU time of this process so far (every thread), or 0 where the platform does not tell. */
    private static long javaCpuNanos() {
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(Duration::toNanos)
                .orElse(0L);
    }

    /** {@code used_cpu_sys + used_cpu_user} of {@code INFO cpu}: the Redis server's CPU seconds so far. */
    static double redisCpuSeconds(String cpuInfo) {
        double seconds = 0;
        for (String line : cpuInfo.split("\r?\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                seconds +=
                        Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return seconds;
    }

    /** Calls of every command since CONFIG RESETSTAT (inner calls of scripts included), less the INFO reading them. */
    static long commandCalls(String commandStats) {
        long calls = 0;
        for (String line : commandStats.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (line.startsWith("cmdstat_") && colon > 0 && !line.startsWith("cmdstat_info:")) {
                for (String field : line.substring(colon + 1).split(",")) {
                    if (field.startsWith("calls=")) {
                        calls += Long.parseLong(field.substring("calls=".length()));
                    }
                }
            }
        }
        return calls;
    }

    /** The benchmark's job body: does nothing; the worker records its outcome as it does every job's. */
    private record EmptyJob(CountDownLatch done) implements JobExecutor {
        @Override
        public JobOutcome execute(ClaimedJob job, JobControl control) {
            done.countDown();
            return JobOutcome.completed(null);
        }
    }
}
