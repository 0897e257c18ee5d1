package io.productscanner.tools.bench;

import io.lettuce.core.KeyValue;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.mirror.SiteMirror;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.NewJob;
import io.productscanner.runtime.queue.QueuePolicy;
import io.productscanner.runtime.redis.EmbeddedRedis;
import io.productscanner.runtime.redis.RedisConnections;
import io.productscanner.runtime.redis.RedisKeys;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench recovery [--runs N] [--platform P] [--product-url URL] [--mirror-dir D]}: how long a job whose
 * worker process is killed (SIGKILL) mid-job waits before it runs again. Two worker processes serve the platform;
 * the one running the job is killed a second into it, and the time until the other starts the job again (its
 * attempt 2 marked running) is measured, with the default lease and poll settings unless the environment sets
 * them. Prints a table and, last, one JSON line.
 */
@Command(
        name = "recovery",
        description = "Kills (SIGKILL) the worker process running a job mid-job and times "
                + "until another worker runs it again.")
public final class BenchRecoveryCommand extends Benchmark {
    private static final String READY = "event=worker.started";
    /** The job's products are paced so it runs long enough to be killed in the middle. */
    private static final long PACING_MS = 100;

    private static final int PRODUCTS = 100;

    @Option(
            names = "--runs",
            paramLabel = "N",
            defaultValue = "3",
            description = "Kills measured (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--platform",
            paramLabel = "P",
            defaultValue = "musinsa",
            description = "The platform whose validation job runs (default ${DEFAULT-VALUE}).")
    String platform;

    @Option(
            names = "--product-url",
            paramLabel = "URL",
            description = "The product page the job scans (a recorded one is the default for musinsa).")
    String productUrl;

    @Mixin
    MirrorDirOption mirrorDir;

    @Override
    int run(Settings settings, PrintStream out, PrintStream err) throws Exception {
        if (runs < 1) {
            throw usage("--runs must be at least 1");
        }
        if (productUrl == null) {
            productUrl = BenchScanJobs.defaultProductUrl(platform);
            if (productUrl == null) {
                throw usage("--product-url is needed for platform '" + platform + "'");
            }
        }
        Path mirrorFolder = mirrorDir.directory();
        long[] recoveries = new long[runs];
        Path results = Files.createTempDirectory("bench-recovery-");
        try (EmbeddedRedis redis = EmbeddedRedis.start(ownRedis(settings));
                SiteMirror mirror = SiteMirror.start(mirrorFolder, 0);
                RedisConnections connections = RedisConnections.connect(redis.uri())) {
            RedisCommands<String, String> commands = connections.commands();
            RedisKeys keys = new RedisKeys("workflow:");
            JobQueue queue = new JobQueue(commands, keys, QueuePolicy.of(Duration.ofSeconds(30), Duration.ofHours(1)));
            for (int run = 0; run < runs; run++) {
                recoveries[run] = measureOnce(
                        run,
                        platform,
                        productUrl,
                        redis.url(),
                        mirror.url().toString(),
                        results.toString(),
                        queue,
                        commands,
                        keys);
                out.printf("run %d: job running again %d ms after the kill%n", run + 1, recoveries[run] / 1_000_000);
            }
        }
        Arrays.sort(recoveries);
        Map<String, String> env = System.getenv();
        new BenchReport("recovery")
                .put("runs", runs)
                .put("platform", platform)
                .put("lock_ttl_ms", env.getOrDefault("LOCK_TTL_MS", "default"))
                .put("poll_interval_ms", env.getOrDefault("POLL_INTERVAL_MS", "default"))
                .put("recovery_ms_median", recoveries[(runs - 1) / 2] / 1_000_000)
                .put("recovery_ms_min", recoveries[0] / 1_000_000)
                .put("recovery_ms_max", recoveries[runs - 1] / 1_000_000)
                .print(out);
        return 0;
    }

    /** Starts two workers, kills the one running a fresh job, returns nanoseconds until the job runs again. */
    private static long measureOnce(
            int run,
            String platform,
            String productUrl,
            String redisUrl,
            String mirrorUrl,
            String resultsDir,
            JobQueue queue,
            RedisCommands<String, String> commands,
            RedisKeys keys)
            throws Exception {
        List<BenchProcess> workers = new ArrayList<>();
        Map<String, BenchProcess> byName = new HashMap<>();
        try {
            for (String name : List.of("bench-recovery-" + run + "-a", "bench-recovery-" + run + "-b")) {
                BenchProcess worker = BenchProcess.start(
                        BenchScanJobs.workerEnvironment(platform, redisUrl, mirrorUrl, name, PACING_MS, resultsDir),
                        List.of(READY),
                        "worker");
                workers.add(worker);
                byName.put(name, worker);
            }
            for (BenchProcess worker : workers) {
                worker.awaitMarker(READY, Duration.ofSeconds(60));
            }
            NewJob job = BenchScanJobs.validationJobs(platform, productUrl, 1, PRODUCTS)
                    .getFirst();
            queue.enqueue(job);
            String jobKey = keys.job(job.jobId());
            String runningWorker = awaitRunning(commands, jobKey, 1, Duration.ofSeconds(30));
            BenchProcess victim = byName.get(runningWorker);
            if (victim == null) {
                throw new IllegalStateException("job " + job.jobId() + " runs on unknown worker " + runningWorker);
            }
            Thread.sleep(1000);
            long killed = System.nanoTime();
            victim.kill();
            awaitRunning(commands, jobKey, 2, Duration.ofMinutes(5));
            long recovered = System.nanoTime();
            // stop the job's second run from scanning on: the next run starts from a quiet platform
            queue.cancel(job.jobId());
            return recovered - killed;
        } finally {
            workers.forEach(BenchProcess::close);
        }
    }

    /** Polls the job until its attempt number {@code attempt} is running; returns the worker running it. */
    private static String awaitRunning(
            RedisCommands<String, String> commands, String jobKey, int attempt, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<KeyValue<String, String>> fields =
                    commands.hmget(jobKey, JobRecord.STATUS, JobRecord.ATTEMPTS, JobRecord.WORKER);
            String status = fields.get(0).getValueOrElse("");
            int attempts = Integer.parseInt(fields.get(1).getValueOrElse("0"));
            if (attempts >= attempt && !status.equals("pending")) {
                if (!status.equals("running")) {
                    throw new IllegalStateException("the job ended " + status + " before it could be measured");
                }
                return fields.get(2).getValueOrElse("");
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("attempt " + attempt + " of the job did not start within " + timeout);
    }
}
