package io.productscanner.tools.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lettuce.core.RedisURI;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.metrics.ScannerMetrics;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.NewJob;
import io.productscanner.runtime.queue.QueuePolicy;
import io.productscanner.runtime.queue.Queues;
import io.productscanner.runtime.redis.EmbeddedRedis;
import io.productscanner.runtime.redis.RedisConnections;
import io.productscanner.runtime.redis.RedisKeys;
import io.productscanner.runtime.redis.RedisTls;
import io.productscanner.runtime.worker.WorkerPool;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench wait [--jobs N] [--redis-url URL]}: how soon an idle worker starts a newly enqueued job. Enqueues
 * one no-op job at a time through the real queue, lock and worker code and measures enqueue → job start. A
 * {@code rediss://} URL is trusted as the runtime's is ({@code REDIS_TLS_CA_FILE} and the client certificate).
 * Prints a table and, last, one JSON line. Uses a fresh embedded Redis unless a URL is given.
 */
@Command(
        name = "wait",
        description = "How soon an idle worker starts a newly enqueued job: no-op jobs one at a "
                + "time through the real queue, lock and worker code.")
public final class BenchWaitCommand extends Benchmark {
    private static final int WARM_UP = 20;

    @Option(
            names = "--jobs",
            paramLabel = "N",
            defaultValue = "200",
            description = "Jobs measured, one at a time, after 20 warm-up jobs (default ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--redis-url", paramLabel = "URL", description = "A Redis to use instead of a fresh embedded one.")
    String redisUrl;

    @Override
    int run(Settings settings, PrintStream out, PrintStream err) throws Exception {
        if (jobs < 1) {
            throw usage("--jobs must be at least 1");
        }
        EmbeddedRedis embedded = redisUrl == null ? EmbeddedRedis.start(ownRedis(settings)) : null;
        RedisURI uri = embedded != null ? embedded.uri() : redisUri(redisUrl, settings);
        long[] waits;
        try {
            waits = measureWaits(uri, RedisTls.from(settings), jobs);
        } catch (IllegalStateException e) {
            err.println(e.getMessage());
            return 1;
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "wait");
        result.put("jobs", jobs);
        result.put("wait_ms_p50", millis(percentile(waits, 50)));
        result.put("wait_ms_p99", millis(percentile(waits, 99)));
        result.put("wait_ms_max", millis(waits[waits.length - 1]));
        out.printf("%-12s %10s%n", "metric", "ms");
        result.forEach((k, v) -> {
            if (k.startsWith("wait_ms")) {
                out.printf("%-12s %10s%n", k.substring("wait_ms_".length()), v);
            }
        });
        out.println(Json.write(result));
        return 0;
    }

    /**
     * Enqueues {@code jobs} no-op jobs one at a time (after a warm-up) to an idle worker and returns each one's
     * enqueue → start time in nanoseconds, sorted.
     */
    static long[] measureWaits(RedisURI uri, RedisTls tls, int jobs) throws Exception {
        String platform = "bench-wait-" + UUID.randomUUID().toString().substring(0, 8);
        SynchronousQueue<Long> starts = new SynchronousQueue<>();
        long[] waits = new long[jobs];
        try (RedisConnections redis = RedisConnections.connect(uri, tls)) {
            Queues queues = Queues.over(
                    redis.commands(),
                    new RedisKeys("bench:"),
                    QueuePolicy.of(Duration.ofSeconds(30), Duration.ofMinutes(5)));
            JobQueue queue = queues.jobs();
            // the safety-net poll is set far out: every start measured here comes from the wake-up
            try (WorkerPool pool = WorkerPool.start(
                    redis,
                    queues,
                    List.of(platform),
                    "bench",
                    Duration.ofSeconds(30),
                    ScannerMetrics.create(),
                    (job, control) -> {
                        starts.put(System.nanoTime());
                        return JobOutcome.completed(null);
                    })) {
                for (int i = -WARM_UP; i < jobs; i++) {
                    Thread.sleep(2); // the worker is idle again, blocked on its wake-up
                    long enqueued = System.nanoTime();
                    queue.enqueue(new NewJob(
                            UUID.randomUUID().toString(),
                            "bench",
                            platform,
                            0,
                            JsonNodeFactory.instance.objectNode(),
                            JsonNodeFactory.instance.objectNode()));
                    Long started = starts.poll(10, TimeUnit.SECONDS);
                    if (started == null) {
                        throw new IllegalStateException("a job did not start within 10 s");
                    }
                    if (i >= 0) {
                        waits[i] = started - enqueued;
                    }
                }
            }
        }
        Arrays.sort(waits);
        return waits;
    }

    static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
