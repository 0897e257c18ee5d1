package io.productscanner.tools.bench;

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
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench memory [--platform P] [--jobs N] [--products K] [--product-url URL] [--mirror-dir D]}: the resident
 * memory of one worker process serving platform P (an API platform such as musinsa, or a browser platform once
 * its plugin is installed), idle after start-up and busy while it runs N validation jobs of K products each
 * against the local site mirror. Besides the worker's own RSS it reports its whole process tree (RSS summed, an
 * upper bound, and PSS summed), which for a browser worker includes the driver and every Chromium process.
 * Prints a table and, last, one JSON line.
 */
@Command(
        name = "memory",
        description = "Resident memory of one worker process for platform P (and of its "
                + "process tree), idle and while it runs validation jobs against the site mirror.")
public final class BenchMemoryCommand extends Benchmark {
    private static final String READY = "event=worker.started";
    /** Idle memory is read after the process has settled: class loading and JIT after start-up are done. */
    private static final Duration SETTLE = Duration.ofSeconds(3);

    private static final long SAMPLE_EVERY_MS = 50;

    @Option(
            names = "--platform",
            paramLabel = "P",
            defaultValue = "musinsa",
            description = "The platform the worker serves (default ${DEFAULT-VALUE}).")
    String platform;

    @Option(
            names = "--jobs",
            paramLabel = "N",
            defaultValue = "20",
            description = "Validation jobs run while busy (default ${DEFAULT-VALUE}).")
    int jobs;

    @Option(
            names = "--products",
            paramLabel = "K",
            defaultValue = "50",
            description = "Products per job (default ${DEFAULT-VALUE}).")
    int products;

    @Option(
            names = "--product-url",
            paramLabel = "URL",
            description = "The product page the jobs scan (a recorded one is the default for musinsa).")
    String productUrl;

    @Mixin
    MirrorDirOption mirrorDir;

    @Override
    int run(Settings settings, PrintStream out, PrintStream err) throws Exception {
        if (jobs < 1 || products < 1) {
            throw usage("--jobs and --products must be at least 1");
        }
        if (productUrl == null) {
            productUrl = BenchScanJobs.defaultProductUrl(platform);
            if (productUrl == null) {
                throw usage("--product-url is needed for platform '" + platform + "'");
            }
        }
        Path mirrorFolder = mirrorDir.directory();
        Path results = Files.createTempDirectory("bench-memory-");
        BenchReport report = new BenchReport("memory")
                .put("platform", platform)
                .put("jobs", jobs)
                .put("products_per_job", products);
        try (EmbeddedRedis redis = EmbeddedRedis.start(ownRedis(settings));
                SiteMirror mirror = SiteMirror.start(mirrorFolder, 0);
                RedisConnections connections = RedisConnections.connect(redis.uri())) {
            String redisUrl = redis.url();
            try (BenchProcess worker = BenchProcess.start(
                    BenchScanJobs.workerEnvironment(
                            platform, redisUrl, mirror.url().toString(), "bench-memory", 0, results.toString()),
                    List.of(READY),
                    "worker")) {
                worker.awaitMarker(READY, Duration.ofSeconds(60));
                Thread.sleep(SETTLE.toMillis());
                Samples idle = sample(worker, Duration.ofSeconds(2), null);
                RedisCommands<String, String> commands = connections.commands();
                RedisKeys keys = new RedisKeys("workflow:");
                JobQueue queue =
                        new JobQueue(commands, keys, QueuePolicy.of(Duration.ofSeconds(30), Duration.ofHours(1)));
                List<NewJob> newJobs = BenchScanJobs.validationJobs(platform, productUrl, jobs, products);
                long started = System.nanoTime();
                queue.enqueueAll(newJobs);
                String lastJob = keys.job(newJobs.getLast().jobId());
                Samples busy = sample(worker, Duration.ofMinutes(30), () -> finished(commands, lastJob));
                double seconds = (System.nanoTime() - started) / 1e9;
                String status = commands.hget(lastJob, JobRecord.STATUS);
                if (!"completed".equals(status)) {
                    err.println("the last job ended " + status + "; output of the worker:\n" + worker.tail());
                    return 1;
                }
                report.put("idle_rss_mb", median(idle.rssMb()))
                        .put("busy_rss_mb_median", median(busy.rssMb()))
                        .put("busy_rss_mb_peak", Collections.max(busy.rssMb()))
                        .put("idle_tree_rss_mb", median(idle.treeRssMb()))
                        .put("idle_tree_pss_mb", median(idle.treePssMb()))
                        .put("busy_tree_rss_mb_peak", Collections.max(busy.treeRssMb()))
                        .put("busy_tree_pss_mb_peak", Collections.max(busy.treePssMb()))
                        .put("busy_tree_processes_max", busy.processesMax())
                        .put("peak_rss_mb", BenchReport.procStatusMb(worker.pid(), "VmHWM"))
                        .put("busy_seconds", BenchReport.round2(seconds))
                        .put("products_per_second", Math.round(jobs * products / seconds));
            }
        }
        report.print(out);
        return 0;
    }

    /** Memory samples of the worker and of its process tree, in MiB. */
    private record Samples(List<Double> rssMb, List<Double> treeRssMb, List<Double> treePssMb, int processesMax) {}

    /** Samples every 50 ms for {@code span}, or until {@code done} says so (then at least one sample). */
    private static Samples sample(BenchProcess worker, Duration span, BooleanSupplier done)
            throws InterruptedException {
        List<Double> samples = new ArrayList<>();
        List<Double> treeRss = new ArrayList<>();
        List<Double> treePss = new ArrayList<>();
        int processesMax = 0;
        long deadline = System.nanoTime() + span.toNanos();
        do {
            double rss = worker.rssMb();
            if (rss > 0) {
                samples.add(rss);
                ProcessTreeMemory tree = worker.treeMemory();
                treeRss.add(BenchReport.round2(tree.residentMb()));
                treePss.add(BenchReport.round2(tree.proportionalMb()));
                processesMax = Math.max(processesMax, tree.processes());
            }
            Thread.sleep(SAMPLE_EVERY_MS);
        } while (System.nanoTime() < deadline && (done == null || !done.getAsBoolean()));
        if (samples.isEmpty()) {
            throw new IllegalStateException("cannot read the worker's memory (/proc/" + worker.pid() + "/status)");
        }
        return new Samples(samples, treeRss, treePss, processesMax);
    }

    private static boolean finished(RedisCommands<String, String> commands, String jobKey) {
        String status = commands.hget(jobKey, JobRecord.STATUS);
        return status != null && !status.equals("pending") && !status.equals("running");
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((sorted.size() - 1) / 2);
    }
}
