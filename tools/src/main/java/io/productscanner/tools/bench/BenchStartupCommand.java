package io.productscanner.tools.bench;

import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.redis.EmbeddedRedis;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench startup [--runs N]}: process start to ready, for an API process (its health check answers 200) and
 * a worker process (its workers have started), each started N times against a running Redis. The process is this
 * distribution's Java with its options, as bin/product-scanner starts it. Prints a table and, last, one JSON line.
 */
@Command(
        name = "startup",
        description = "Process start to ready, for an API process (health answers) and a "
                + "worker process (workers started).")
public final class BenchStartupCommand extends Benchmark {
    private static final String WORKER_READY = "event=workers.started";

    @Option(
            names = "--runs",
            paramLabel = "N",
            defaultValue = "5",
            description = "Starts of each kind (default ${DEFAULT-VALUE}).")
    int runs;

    @Override
    int run(Settings settings, PrintStream out, PrintStream err) throws Exception {
        if (runs < 1) {
            throw usage("--runs must be at least 1");
        }
        long[] api = new long[runs];
        long[] worker = new long[runs];
        // CPU used up to ready: unlike the wall time, hardly affected by other load on a shared machine
        long[] apiCpu = new long[runs];
        long[] workerCpu = new long[runs];
        try (EmbeddedRedis redis = EmbeddedRedis.start(ownRedis(settings))) {
            String redisUrl = redis.url();
            for (int run = 0; run < runs; run++) {
                long[] apiRun = apiReady(redisUrl, run);
                long[] workerRun = workerReady(redisUrl, run);
                api[run] = apiRun[0];
                apiCpu[run] = apiRun[1];
                worker[run] = workerRun[0];
                workerCpu[run] = workerRun[1];
                out.printf(
                        "run %d: api ready in %d ms (%d ms CPU), worker ready in %d ms (%d ms CPU)%n",
                        run + 1, api[run], apiCpu[run], worker[run], workerCpu[run]);
            }
        }
        for (long[] figures : List.of(api, worker, apiCpu, workerCpu)) {
            Arrays.sort(figures);
        }
        new BenchReport("startup")
                .put("runs", runs)
                .put("java", System.getProperty("java.home"))
                .put("api_ready_ms_median", api[(runs - 1) / 2])
                .put("api_ready_ms_max", api[runs - 1])
                .put("api_cpu_ms_median", apiCpu[(runs - 1) / 2])
                .put("worker_ready_ms_median", worker[(runs - 1) / 2])
                .put("worker_ready_ms_max", worker[runs - 1])
                .put("worker_cpu_ms_median", workerCpu[(runs - 1) / 2])
                .print(out);
        return 0;
    }

    /** {ms from start to the first 200 of the health check, ms of CPU used by then}. */
    private static long[] apiReady(String redisUrl, int run) throws Exception {
        int port = BenchProcess.freePort();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health"))
                .timeout(Duration.ofSeconds(2))
                .build();
        try (BenchProcess process = BenchProcess.start(
                Map.of(
                        "REDIS_URL",
                        redisUrl,
                        "PORT",
                        Integer.toString(port),
                        "SERVICE_NAME",
                        "bench-startup-api-" + run),
                List.of(),
                "api")) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    if (http.send(health, HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200) {
                        return new long[] {(System.nanoTime() - process.startedNanos()) / 1_000_000, process.cpuMillis()
                        };
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(5);
            }
            throw new IllegalStateException("the API did not answer its health check within 60 s:\n" + process.tail());
        }
    }

    /** {ms from start to the workers-started log line, ms of CPU used by then}. */
    private static long[] workerReady(String redisUrl, int run) throws Exception {
        try (BenchProcess process = BenchProcess.start(
                Map.of("REDIS_URL", redisUrl, "SERVICE_NAME", "bench-startup-worker-" + run),
                List.of(WORKER_READY),
                "worker")) {
            long ready = process.awaitMarker(WORKER_READY, Duration.ofSeconds(60)) / 1_000_000;
            return new long[] {ready, process.cpuMillis()};
        }
    }
}
