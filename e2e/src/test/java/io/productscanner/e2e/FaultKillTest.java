package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.mirror.SiteMirror;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection (issue 7): two worker replicas of the musinsa platform run 200 jobs while the test kills the
 * worker running a job with SIGKILL, 20 times, each time starting a replacement under the same SERVICE_NAME.
 * Every job must end completed, each product once in its results, and no two of the platform's jobs may ever
 * run at the same time. Prints the recovery time (kill to the orphan running again) as {@code fault-kill:}.
 */
class FaultKillTest {
    private static final int JOBS = 200;
    private static final int KILLS = 20;
    private static final int PRODUCTS = 300;
    private static final int PER_JOB = 4;
    private static final long LOCK_TTL_MS = 2000;
    private static final String RUNNING_KEY = "workflow:running:platform:musinsa";

    @TempDir
    Path work;

    @Test
    void killingTheRunningWorkerTwentyTimesLosesNoJobAndNeverRunsTwoJobsAtOnce() throws Exception {
        MusinsaMirror site = new MusinsaMirror();
        for (int i = 0; i < PRODUCTS; i++) {
            site.product(7_000_000L + i, "장애 테스트 " + i, 30_000, 25_000, "SALE", 40);
        }
        Random random = new Random(7);
        try (TestRedisServer redis = TestRedisServer.likeProduction();
                SiteMirror mirror = SiteMirror.start(site.writeTo(work.resolve("mirror")), 0);
                Peek peekHolder = new Peek(redis.url())) {
            StatefulRedisConnection<String, String> connection = peekHolder.connection;
            RedisCommands<String, String> peek = connection.sync();
            int port = ScannerProcessHandle.freePort();
            Map<String, String> common = Map.of(
                    "REDIS_URL",
                    redis.url(),
                    "SCANNER_SITE_MIRROR",
                    mirror.url().toString(),
                    "MUSINSA_PACING_MS",
                    "0",
                    "WORKER_PLATFORMS",
                    "musinsa",
                    "LOCK_TTL_MS",
                    Long.toString(LOCK_TTL_MS),
                    "POLL_INTERVAL_MS",
                    "200",
                    "RESULTS_DIR",
                    work.resolve("results").toString(),
                    "PORT",
                    Integer.toString(port),
                    "SHUTDOWN_GRACE_MS",
                    "1000");
            Map<String, ScannerProcessHandle> workers = new LinkedHashMap<>();
            List<ScannerProcessHandle> all = new ArrayList<>();
            try (ScannerProcessHandle apiProcess =
                    ScannerProcessHandle.start(with(common, "SERVICE_NAME", "api"), "api")) {
                all.add(apiProcess);
                Api api = new Api(port);
                api.awaitHealthy(apiProcess, Duration.ofSeconds(60));
                for (String name : List.of("worker-a", "worker-b")) {
                    ScannerProcessHandle worker =
                            ScannerProcessHandle.start(with(common, "SERVICE_NAME", name), "worker");
                    workers.put(name, worker);
                    all.add(worker);
                }
                for (ScannerProcessHandle worker : workers.values()) {
                    worker.awaitOutput("event=worker.started", Duration.ofSeconds(60));
                }

                List<String> jobIds = new ArrayList<>();
                Map<String, Set<String>> expectedProducts = new HashMap<>();
                for (int j = 0; j < JOBS; j++) {
                    StringBuilder products = new StringBuilder();
                    Set<String> sets = new TreeSet<>();
                    for (int k = 0; k < PER_JOB; k++) {
                        long id = 7_000_000L + (j * PER_JOB + k) % PRODUCTS;
                        String setId = "j" + j + "-p" + k;
                        sets.add(setId);
                        products.append(k == 0 ? "" : ",")
                                .append("{\"url\": \"https://www.musinsa.com/products/")
                                .append(id)
                                .append("\", \"product_set_id\": \"")
                                .append(setId)
                                .append("\"}");
                    }
                    Api.Reply submitted = api.post(
                            "/api/v2/workflows/execute",
                            "{\"workflow_id\": \"musinsa-validation-v2\", \"params\": {\"products\": [" + products
                                    + "]}}");
                    assertEquals(202, submitted.status(), submitted.raw());
                    String jobId = submitted.body().path("data").path("job_id").asText();
                    jobIds.add(jobId);
                    expectedProducts.put(jobId, sets);
                }

                record Kill(String jobId, String worker, Instant oldStart, Instant killedAt, Instant restartedAt) {}
                List<Kill> kills = new ArrayList<>();
                Set<String> killedJobs = new HashSet<>();
                int missed = 0;
                // a bound, not a figure: replacement workers start slowly on a busy machine
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
                while (kills.size() < KILLS) {
                    assertTrue(System.nanoTime() < deadline, "only " + kills.size() + " kills before the deadline");
                    // a job not killed before, running on a worker: let it get going, then kill that worker
                    JsonNode running = record(peek);
                    if (running == null
                            || killedJobs.contains(running.path("job_id").asText())) {
                        Thread.sleep(5);
                        continue;
                    }
                    Thread.sleep(30 + random.nextInt(120));
                    running = record(peek);
                    if (running == null
                            || killedJobs.contains(running.path("job_id").asText())) {
                        continue;
                    }
                    String victimName = running.path("worker").asText();
                    ScannerProcessHandle victim = workers.get(victimName);
                    assertTrue(victim != null, "running record names an unknown worker: " + running);
                    victim.handle().destroyForcibly();
                    victim.handle().onExit().get(10, TimeUnit.SECONDS);
                    Instant killedAt = Instant.now();
                    ScannerProcessHandle replacement =
                            ScannerProcessHandle.start(with(common, "SERVICE_NAME", victimName), "worker");
                    workers.put(victimName, replacement);
                    all.add(replacement);
                    // what the dead worker left: its running record, still naming it (nobody else can claim yet)
                    JsonNode orphan = record(peek);
                    if (orphan == null || !orphan.path("worker").asText().equals(victimName)) {
                        missed++; // the job ended between the look and the kill: the worker died idle
                        continue;
                    }
                    String jobId = orphan.path("job_id").asText();
                    killedJobs.add(jobId);
                    kills.add(new Kill(
                            jobId,
                            victimName,
                            Instant.parse(orphan.path("started_at").asText()),
                            killedAt,
                            null));
                }

                // every job ends; then the figures
                Map<String, JsonNode> finished = new LinkedHashMap<>();
                for (String id : jobIds) {
                    finished.put(id, api.awaitFinished(id, Duration.ofSeconds(120)));
                }
                List<Long> recoveries = new ArrayList<>();
                for (Kill kill : kills) {
                    JsonNode job = finished.get(kill.jobId());
                    Instant restarted = Instant.parse(job.path("started_at").asText());
                    assertTrue(
                            restarted.isAfter(kill.killedAt()),
                            "job " + kill.jobId() + " killed at " + kill.killedAt() + " but its last start is "
                                    + restarted + ": " + job);
                    recoveries.add(Duration.between(kill.killedAt(), restarted).toMillis());
                }
                List<Long> sorted = recoveries.stream().sorted().toList();
                long median = sorted.size() % 2 == 1
                        ? sorted.get(sorted.size() / 2)
                        : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
                long max = sorted.getLast();
                long mirrorRequests = mirror.requestCounts().values().stream()
                        .mapToLong(Long::longValue)
                        .sum();
                System.out.printf(
                        "fault-kill: %d SIGKILLs (%d more hit an idle worker) over %d jobs on 2 replicas,"
                                + " LOCK_TTL_MS=%d: recovery median %d ms, max %d ms (all: %s); product scans %d for %d"
                                + " products in jobs%n",
                        kills.size(),
                        missed,
                        JOBS,
                        LOCK_TTL_MS,
                        median,
                        max,
                        recoveries,
                        mirrorRequests,
                        JOBS * PER_JOB);

                // every job completed (none dead-lettered: each was killed at most once, max_attempts is 3)
                StringBuilder wrong = new StringBuilder();
                for (String id : jobIds) {
                    JsonNode job = finished.get(id);
                    int expectedAttempts = killedJobs.contains(id) ? 2 : 1;
                    if (!job.path("status").asText().equals("completed")
                            || job.path("attempts").asInt() != expectedAttempts) {
                        wrong.append("\n  ")
                                .append(job.path("status").asText())
                                .append(" attempts=")
                                .append(job.path("attempts").asInt())
                                .append(" (expected ")
                                .append(expectedAttempts)
                                .append(") error=")
                                .append(job.path("error").asText())
                                .append(' ')
                                .append(id);
                    }
                }
                assertEquals("", wrong.toString(), "jobs that did not complete as expected");
                assertEquals(0L, peek.zcard("workflow:dead"), "nothing dead-lettered");
                assertEquals(0L, peek.zcard("workflow:queue:platform:musinsa"), "nothing left queued");
                assertEquals(0L, peek.exists(RUNNING_KEY), "nothing left running");

                // each job's results list each of its products exactly once
                for (String id : jobIds) {
                    JsonNode results = api.get("/api/v2/jobs/" + id + "/results?limit=100")
                            .body()
                            .path("data");
                    List<String> listed = new ArrayList<>();
                    results.path("items")
                            .forEach(item ->
                                    listed.add(item.path("product_set_id").asText()));
                    assertEquals(PER_JOB, results.path("total").asInt(), "results total of " + id + ": " + listed);
                    assertEquals(expectedProducts.get(id), new TreeSet<>(listed), "products of " + id);
                    assertEquals(PER_JOB, listed.size(), "a product listed twice in " + id + ": " + listed);
                }

                // no two attempts overlap: the completed ones, and the killed ones up to their kill
                record Interval(String what, Instant start, Instant end) {}
                List<Interval> intervals = new ArrayList<>();
                finished.forEach((id, job) -> intervals.add(new Interval(
                        "job " + id,
                        Instant.parse(job.path("started_at").asText()),
                        Instant.parse(job.path("completed_at").asText()))));
                for (Kill kill : kills) {
                    intervals.add(new Interval(
                            "killed attempt of " + kill.jobId() + " on " + kill.worker(),
                            kill.oldStart(),
                            kill.killedAt()));
                }
                intervals.sort(Comparator.comparing(Interval::start));
                for (int i = 1; i < intervals.size(); i++) {
                    Interval before = intervals.get(i - 1);
                    Interval after = intervals.get(i);
                    if (after.start().isBefore(before.end())) {
                        fail("two musinsa attempts overlapped: " + before + " and " + after);
                    }
                }
                for (ScannerProcessHandle worker : workers.values()) {
                    assertTrue(worker.isAlive(), "a replacement worker died:\n" + worker.output());
                }
            } finally {
                for (ScannerProcessHandle process : all) {
                    if (process.isAlive()) {
                        process.handle().destroyForcibly();
                    }
                }
            }
        }
    }

    private static JsonNode record(RedisCommands<String, String> redis) throws Exception {
        String value = redis.get(RUNNING_KEY);
        return value == null ? null : Api.JSON.readTree(value);
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> copy = new HashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    /** A direct look at Redis: the running record names the worker, which the API does not show. */
    static final class Peek implements AutoCloseable {
        final RedisClient client;
        final StatefulRedisConnection<String, String> connection;

        Peek(String url) {
            client = RedisClient.create(url);
            connection = client.connect();
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }
}
