package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.mirror.SiteMirror;
import io.productscanner.runtime.testing.ProductionLikeRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection (issue 7): the Redis server (append-only on) is stopped in the middle of a run and started
 * again on the same port and data directory. No job submitted before is lost, and the API and the worker
 * recover by themselves. Prints how long they took as {@code redis-restart:}. The Redis 7 production runs, its
 * container stopped and started where Docker is ({@link ProductionLikeRedis}).
 */
class FaultRedisRestartTest {
    private static final int JOBS = 30;
    private static final int PER_JOB = 5;

    @TempDir
    Path work;

    @Test
    void redisRestartedMidRunLosesNoJobAndEveryProcessRecoversByItself() throws Exception {
        MusinsaMirror site = new MusinsaMirror();
        for (int i = 0; i < JOBS * PER_JOB + 20; i++) {
            site.product(8_000_000L + i, "재시작 테스트 " + i, 30_000, 25_000, "SALE", 60);
        }
        // the same port, password and data after the restart
        ProductionLikeRedis redis = ProductionLikeRedis.start();
        String redisUrl = redis.url();
        try (SiteMirror mirror = SiteMirror.start(site.writeTo(work.resolve("mirror")), 0)) {
            int port = ScannerProcessHandle.freePort();
            Map<String, String> common = Map.of(
                    "REDIS_URL",
                    redisUrl,
                    "SCANNER_SITE_MIRROR",
                    mirror.url().toString(),
                    "MUSINSA_PACING_MS",
                    "0",
                    "WORKER_PLATFORMS",
                    "musinsa",
                    "LOCK_TTL_MS",
                    "3000",
                    "POLL_INTERVAL_MS",
                    "250",
                    "RESULTS_DIR",
                    work.resolve("results").toString(),
                    "PORT",
                    Integer.toString(port));
            try (ScannerProcessHandle apiProcess =
                            ScannerProcessHandle.start(with(common, "SERVICE_NAME", "api"), "api");
                    ScannerProcessHandle worker =
                            ScannerProcessHandle.start(with(common, "SERVICE_NAME", "worker-r"), "worker")) {
                Api api = new Api(port);
                api.awaitHealthy(apiProcess, Duration.ofSeconds(60));
                worker.awaitOutput("event=worker.started", Duration.ofSeconds(60));
                List<String> before = new ArrayList<>();
                for (int j = 0; j < JOBS; j++) {
                    before.add(submit(api, 8_000_000L + (long) j * PER_JOB, PER_JOB));
                }

                // stop Redis once a third of the jobs are done and one is running
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (completed(api, before) < JOBS / 3
                        || api.get("/api/v2/jobs/running")
                                        .body()
                                        .path("data")
                                        .path("summary")
                                        .path("running_count")
                                        .asInt()
                                == 0) {
                    assertTrue(System.nanoTime() < deadline, "the run never got going:\n" + worker.output());
                    Thread.sleep(20);
                }
                int doneBeforeStop = completed(api, before);
                redis.stop();
                Instant stoppedAt = Instant.now();
                // what the API says meanwhile, asked on the side so the outage stays ~2 s (the check may block)
                CompletableFuture<String> duringOutage = CompletableFuture.supplyAsync(() -> {
                    sleep(500);
                    long t0 = System.nanoTime();
                    int status = healthStatus(api);
                    return status + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms";
                });
                Thread.sleep(2000);
                assertTrue(apiProcess.isAlive(), "the API died while Redis was down:\n" + apiProcess.output());
                assertTrue(worker.isAlive(), "the worker died while Redis was down:\n" + worker.output());
                redis.startAgain();
                Instant restartedAt = Instant.now();

                String healthDuringOutage = duringOutage.get(60, TimeUnit.SECONDS);
                long apiRecovered = -1;
                long healthDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (apiRecovered < 0) {
                    if (healthStatus(api) == 200) {
                        apiRecovered =
                                Duration.between(restartedAt, Instant.now()).toMillis();
                    } else {
                        assertTrue(
                                System.nanoTime() < healthDeadline,
                                "the API never became healthy again:\n" + apiProcess.output());
                        Thread.sleep(50);
                    }
                }
                // and the API takes new work after the restart
                List<String> after = new ArrayList<>();
                for (int j = 0; j < 3; j++) {
                    after.add(submit(api, 8_000_000L + JOBS * PER_JOB + j * 5L, 5));
                }

                Map<String, JsonNode> finished = new TreeMap<>();
                for (String id : before) {
                    finished.put(id, api.awaitFinished(id, Duration.ofSeconds(120)));
                }
                for (String id : after) {
                    finished.put(id, api.awaitFinished(id, Duration.ofSeconds(60)));
                }
                // the worker's first act against the new Redis: a job started or finished after the restart
                Instant firstWorkerWrite = null;
                for (JsonNode job : finished.values()) {
                    for (String field : List.of("started_at", "completed_at")) {
                        Instant at = Instant.parse(job.path(field).asText());
                        if (at.isAfter(restartedAt) && (firstWorkerWrite == null || at.isBefore(firstWorkerWrite))) {
                            firstWorkerWrite = at;
                        }
                    }
                }
                long workerRecovered = firstWorkerWrite == null
                        ? -1
                        : Duration.between(restartedAt, firstWorkerWrite).toMillis();
                int recovered = (int) finished.values().stream()
                        .filter(j -> j.path("attempts").asInt() > 1)
                        .count();
                System.out.printf(
                        "redis-restart: outage %d ms (stopped with %d of %d jobs done); health during"
                                + " outage %s; API healthy %d ms after Redis came back, worker wrote its first job"
                                + " state %d ms after; %d jobs needed a second attempt%n",
                        Duration.between(stoppedAt, restartedAt).toMillis(),
                        doneBeforeStop,
                        JOBS,
                        healthDuringOutage,
                        apiRecovered,
                        workerRecovered,
                        recovered);

                StringBuilder wrong = new StringBuilder();
                finished.forEach((id, job) -> {
                    if (!job.path("status").asText().equals("completed")) {
                        wrong.append("\n  ")
                                .append(id)
                                .append(' ')
                                .append(job.path("status").asText())
                                .append(' ')
                                .append(job.path("error").asText());
                    }
                });
                assertEquals("", wrong.toString(), "jobs that did not complete:\n" + worker.output());
                for (String id : before) {
                    JsonNode results = api.get("/api/v2/jobs/" + id + "/results?limit=100")
                            .body()
                            .path("data");
                    assertEquals(PER_JOB, results.path("total").asInt(), "results of " + id + ": " + results);
                }
                assertTrue(apiProcess.isAlive() && worker.isAlive(), "both processes still run");
                assertEquals(200, healthStatus(api), "healthy at the end");
                assertEquals(
                        0,
                        api.get("/api/v2/jobs/running")
                                .body()
                                .path("data")
                                .path("summary")
                                .path("queued_count")
                                .asInt());
            }
        } finally {
            redis.close();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int healthStatus(Api api) {
        try {
            return api.get("/observe/health").status();
        } catch (Exception e) {
            return -1;
        }
    }

    private static int completed(Api api, List<String> ids) throws Exception {
        int done = 0;
        for (String id : ids) {
            if (api.get("/api/v2/jobs/" + id)
                    .body()
                    .path("data")
                    .path("status")
                    .asText()
                    .equals("completed")) {
                done++;
            }
        }
        return done;
    }

    private static String submit(Api api, long firstProduct, int count) throws Exception {
        StringBuilder products = new StringBuilder();
        for (int k = 0; k < count; k++) {
            products.append(k == 0 ? "" : ",")
                    .append("{\"url\": \"https://www.musinsa.com/products/")
                    .append(firstProduct + k)
                    .append("\", \"product_set_id\": \"p")
                    .append(firstProduct + k)
                    .append("\"}");
        }
        Api.Reply reply = api.post(
                "/api/v2/workflows/execute",
                "{\"workflow_id\": \"musinsa-validation-v2\", \"params\": {\"products\": [" + products + "]}}");
        assertEquals(202, reply.status(), reply.raw());
        return reply.body().path("data").path("job_id").asText();
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> copy = new HashMap<>(base);
        copy.put(key, value);
        return copy;
    }
}
