package io.productscanner.runtime.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisURI;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.NewJob;
import io.productscanner.runtime.redis.EmbeddedRedis;
import io.productscanner.runtime.redis.RedisConnections;
import io.productscanner.runtime.redis.RedisKeys;
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
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code bench queue --jobs N --platforms P [--workers W] [--payload-bytes B] [--wait-jobs M] [--warmup-jobs J]
 * [--redis-url URL]}:
 * queue throughput through the real queue, lock, worker and job-store code, with empty job bodies. N jobs (with
 * B bytes of params each) are queued in bulk over P synthetic platforms (each strictly one job at a time), then
 * W worker pools per platform drain them. Redis commands per job come from {@code INFO commandstats} (commands
 * inside scripts included), round trips from the client's own count of commands sent. Then M jobs measure
 * enqueue → start of an idle worker (see {@code bench wait}). With J warm-up jobs, the same run is made first
 * with J jobs, unmeasured. Prints a table, then one JSON line.
 */
public final class BenchQueueCommand {
    private static final String USAGE = "usage: product-scanner bench queue --jobs N --platforms P [--workers W] "
            + "[--payload-bytes B] [--wait-jobs M] [--warmup-jobs J] [--redis-url URL]";

    private BenchQueueCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        int jobs = 20_000;
        int platforms = 8;
        int workers = 1;
        int payloadBytes = 0;
        int waitJobs = 300;
        int warmupJobs = 0;
        String redisUrl = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--jobs" -> jobs = Integer.parseInt(args[++i]);
                    case "--platforms" -> platforms = Integer.parseInt(args[++i]);
                    case "--workers" -> workers = Integer.parseInt(args[++i]);
                    case "--payload-bytes" -> payloadBytes = Integer.parseInt(args[++i]);
                    case "--wait-jobs" -> waitJobs = Integer.parseInt(args[++i]);
                    case "--warmup-jobs" -> warmupJobs = Integer.parseInt(args[++i]);
                    case "--redis-url" -> redisUrl = args[++i];
                    default -> {
                        err.println("unknown option '" + args[i] + "'\n" + USAGE);
                        return 2;
                    }
                }
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            err.println("every option needs a whole number (or a URL for --redis-url)\n" + USAGE);
            return 2;
        }
        if (jobs < 1 || platforms < 1 || workers < 1 || payloadBytes < 0 || waitJobs < 0 || warmupJobs < 0) {
            err.println("--jobs, --platforms and --workers must be at least 1, --payload-bytes, --wait-jobs and "
                    + "--warmup-jobs at least 0");
            return 2;
        }
        EmbeddedRedis embedded = redisUrl == null ? EmbeddedRedis.start(0, null) : null;
        RedisURI uri = embedded != null ? embedded.uri() : RedisURI.create(redisUrl);
        BenchReport report = new BenchReport("queue");
        try {
            // the same run first, unmeasured and under other keys: the JIT has compiled the hot path by then, as
            // in a worker that has been running for a while
            if (warmupJobs > 0 && !measureThroughput(uri, warmupJobs, platforms, workers, payloadBytes,
                    new BenchReport("warm-up"), err)) {
                return 1;
            }
            report.put("warmup_jobs", warmupJobs);
            if (!measureThroughput(uri, jobs, platforms, workers, payloadBytes, report, err)) {
                return 1;
            }
            if (waitJobs > 0) {
                long[] waits = BenchWaitCommand.measureWaits(uri, waitJobs);
                report.put("wait_jobs", waitJobs)
                        .put("wait_ms_p50", BenchWaitCommand.millis(BenchWaitCommand.percentile(waits, 50)))
                        .put("wait_ms_p99", BenchWaitCommand.millis(BenchWaitCommand.percentile(waits, 99)));
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        report.put("peak_rss_mb", BenchReport.procStatusMb(ProcessHandle.current().pid(), "VmHWM"));
        report.print(out);
        return 0;
    }

    private static boolean measureThroughput(RedisURI uri, int jobs, int platforms, int workers, int payloadBytes,
                                             BenchReport report, PrintStream err) throws Exception {
        RedisKeys keys = new RedisKeys("bench-" + UUID.randomUUID().toString().substring(0, 8) + ":");
        List<String> names = new ArrayList<>();
        for (int p = 0; p < platforms; p++) {
            names.add("bench-p" + p);
        }
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        if (payloadBytes > 0) {
            params.put("payload", "x".repeat(payloadBytes));
        }
        List<NewJob> newJobs = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            newJobs.add(new NewJob(UUID.randomUUID().toString(), "bench", names.get(i % platforms), 0, params,
                    JsonNodeFactory.instance.objectNode()));
        }
        CountDownLatch done = new CountDownLatch(jobs);
        SentCommands sent = new SentCommands();
        try (RedisConnections producer = RedisConnections.connect(uri, sent)) {
            JobQueue queue = new JobQueue(producer.commands(), keys, Duration.ofSeconds(30), Duration.ofMinutes(10));
            // counted from here: adding the jobs is part of what each job costs
            producer.commands().configResetstat();
            long sentBefore = sent.count();
            long enqueueStart = System.nanoTime();
            queue.enqueueAll(newJobs);
            double enqueueSeconds = (System.nanoTime() - enqueueStart) / 1e9;

            List<RedisConnections> clients = new ArrayList<>();
            List<WorkerPool> pools = new ArrayList<>();
            double redisCpuBefore = redisCpuSeconds(producer.commands().info("cpu"));
            long javaCpuBefore = javaCpuNanos();
            long start = System.nanoTime();
            double seconds;
            try {
                for (int w = 0; w < workers; w++) {
                    RedisConnections client = RedisConnections.connect(uri, sent);
                    clients.add(client);
                    JobQueue workerQueue = new JobQueue(client.commands(), keys, Duration.ofSeconds(30),
                            Duration.ofMinutes(10));
                    pools.add(WorkerPool.start(client, workerQueue, names, "bench-" + w, Duration.ofSeconds(1),
                            new EmptyJob(done)));
                }
                if (!done.await(10, TimeUnit.MINUTES)) {
                    err.println("jobs did not finish within 10 minutes; " + done.getCount() + " left");
                    return false;
                }
                seconds = (System.nanoTime() - start) / 1e9;
                report.put("java_cpu_us_per_job", Math.round((javaCpuNanos() - javaCpuBefore) / 1000.0 / jobs));
                report.put("redis_cpu_us_per_job", Math.round(
                        (redisCpuSeconds(producer.commands().info("cpu")) - redisCpuBefore) * 1e6 / jobs));
            } finally {
                pools.forEach(WorkerPool::close);
                clients.forEach(RedisConnections::close);
            }
            long roundTrips = sent.count() - sentBefore;
            long commands = commandCalls(producer.commands().info("commandstats"));
            report.put("jobs", jobs)
                    .put("platforms", platforms)
                    .put("workers_per_platform", workers)
                    .put("payload_bytes", payloadBytes)
                    .put("seconds", BenchReport.round2(seconds))
                    .put("jobs_per_second", Math.round(jobs / seconds))
                    .put("enqueue_seconds", BenchReport.round2(enqueueSeconds))
                    .put("jobs_per_second_incl_enqueue", Math.round(jobs / (seconds + enqueueSeconds)))
                    .put("redis_commands_per_job", BenchReport.round2((double) commands / jobs))
                    .put("round_trips_per_job", BenchReport.round2((double) roundTrips / jobs));
        }
        return true;
    }

    /** CPU time of this process so far (every thread), or 0 where the platform does not tell. */
    private static long javaCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    /** {@code used_cpu_sys + used_cpu_user} of {@code INFO cpu}: the Redis server's CPU seconds so far. */
    static double redisCpuSeconds(String cpuInfo) {
        double seconds = 0;
        for (String line : cpuInfo.split("\r?\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
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

    /** The benchmark's job body: does nothing, and writes no results, checkpoints or cancel requests. */
    private record EmptyJob(CountDownLatch done) implements JobExecutor {
        @Override
        public JobOutcome execute(ClaimedJob job, JobControl control) {
            done.countDown();
            return JobOutcome.completed(null);
        }

        @Override
        public boolean leavesJobState() {
            return false;
        }
    }

    /** Counts the commands the client sends: each is one round trip (pipelined or not). */
    private static final class SentCommands implements CommandListener {
        private final LongAdder sent = new LongAdder();

        @Override
        public void commandStarted(CommandStartedEvent event) {
            sent.increment();
        }

        long count() {
            return sent.sum();
        }
    }
}
