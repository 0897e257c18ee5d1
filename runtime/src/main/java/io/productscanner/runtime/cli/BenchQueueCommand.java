package io.productscanner.runtime.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lettuce.core.RedisURI;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.NewJob;
import io.productscanner.runtime.redis.EmbeddedRedis;
import io.productscanner.runtime.redis.RedisConnections;
import io.productscanner.runtime.redis.RedisKeys;
import io.productscanner.runtime.worker.WorkerPool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench queue --jobs N --platforms P [--workers W] [--redis-url URL]}: queue throughput through the real
 * queue, lock, worker and job-store code, with empty job bodies. N jobs are queued over P synthetic platforms
 * (each strictly one job at a time), then W worker pools per platform drain them. Redis command counts come from
 * {@code INFO commandstats} (commands inside scripts included). Prints a table, then one JSON line.
 */
public final class BenchQueueCommand {
    private BenchQueueCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        int jobs = 20_000;
        int platforms = 8;
        int workers = 1;
        String redisUrl = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jobs" -> jobs = Integer.parseInt(args[++i]);
                case "--platforms" -> platforms = Integer.parseInt(args[++i]);
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                case "--redis-url" -> redisUrl = args[++i];
                default -> {
                    err.println("usage: product-scanner bench queue --jobs N --platforms P [--workers W] "
                            + "[--redis-url URL]");
                    return 2;
                }
            }
        }
        if (jobs < 1 || platforms < 1 || workers < 1) {
            err.println("--jobs, --platforms and --workers must be at least 1");
            return 2;
        }
        EmbeddedRedis embedded = redisUrl == null ? EmbeddedRedis.start(0, null) : null;
        RedisURI uri = embedded != null ? embedded.uri() : RedisURI.create(redisUrl);
        RedisKeys keys = new RedisKeys("bench-" + UUID.randomUUID().toString().substring(0, 8) + ":");
        List<String> names = new ArrayList<>();
        for (int p = 0; p < platforms; p++) {
            names.add("bench-p" + p);
        }
        CountDownLatch done = new CountDownLatch(jobs);
        Map<String, Object> result = new LinkedHashMap<>();
        try (RedisConnections producer = RedisConnections.connect(uri)) {
            JobQueue queue = new JobQueue(producer.commands(), keys, Duration.ofSeconds(30), Duration.ofMinutes(10));
            // counted from here: adding the jobs is part of what each job costs
            producer.commands().configResetstat();
            long enqueueStart = System.nanoTime();
            for (int i = 0; i < jobs; i++) {
                queue.enqueue(new NewJob(UUID.randomUUID().toString(), "bench", names.get(i % platforms), 0,
                        JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode()));
            }
            double enqueueSeconds = (System.nanoTime() - enqueueStart) / 1e9;

            List<RedisConnections> clients = new ArrayList<>();
            List<WorkerPool> pools = new ArrayList<>();
            long start = System.nanoTime();
            try {
                for (int w = 0; w < workers; w++) {
                    RedisConnections client = RedisConnections.connect(uri);
                    clients.add(client);
                    JobQueue workerQueue = new JobQueue(client.commands(), keys, Duration.ofSeconds(30),
                            Duration.ofMinutes(10));
                    pools.add(WorkerPool.start(client, workerQueue, names, "bench-" + w, Duration.ofSeconds(1),
                            (job, control) -> {
                                done.countDown();
                                return JobOutcome.completed(null);
                            }));
                }
                if (!done.await(10, TimeUnit.MINUTES)) {
                    err.println("jobs did not finish within 10 minutes; " + done.getCount() + " left");
                    return 1;
                }
            } finally {
                double seconds = (System.nanoTime() - start) / 1e9;
                result.put("benchmark", "queue");
                result.put("jobs", jobs);
                result.put("platforms", platforms);
                result.put("workers_per_platform", workers);
                result.put("seconds", round(seconds));
                result.put("jobs_per_second", Math.round(jobs / seconds));
                result.put("enqueue_jobs_per_second", Math.round(jobs / enqueueSeconds));
                pools.forEach(WorkerPool::close);
                clients.forEach(RedisConnections::close);
            }
            result.put("redis_commands_per_job", round((double) commandCalls(producer.commands().info("commandstats"))
                    / jobs));
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        result.put("peak_rss_mb", peakRssMb());
        out.printf("%-26s %12s%n", "metric", "value");
        result.forEach((k, v) -> out.printf("%-26s %12s%n", k, v));
        out.println(Json.write(result));
        return 0;
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

    private static Object peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
