package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.mirror.SiteMirror;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker killed with SIGKILL in the middle of a 500-product job: another worker takes the job over once the
 * lease runs out and resumes it from its checkpoint, without scanning again what was already scanned.
 */
class WorkerKillResumeTest {
    private static final int PRODUCTS = 500;

    @TempDir
    Path work;

    @Test
    void aKilledWorkersJobIsResumedByAnotherWithoutRescanningTheProductsAlreadyDone() throws Exception {
        MusinsaMirror site = new MusinsaMirror();
        StringBuilder products = new StringBuilder();
        for (int i = 1; i <= PRODUCTS; i++) {
            long id = 6_000_000L + i;
            site.product(id, "재개 테스트 " + i, 30_000, 25_000, "SALE", 8);
            products.append(i == 1 ? "" : ",")
                    .append("{\"url\": \"https://www.musinsa.com/products/")
                    .append(id)
                    .append("\", \"product_set_id\": \"k-")
                    .append(i)
                    .append("\"}");
        }
        try (TestRedisServer redis = TestRedisServer.likeProduction();
                SiteMirror mirror = SiteMirror.start(site.writeTo(work.resolve("mirror")), 0)) {
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
                    "3000",
                    "POLL_INTERVAL_MS",
                    "250",
                    "RESULTS_DIR",
                    work.resolve("results").toString(),
                    "PORT",
                    Integer.toString(port));
            try (ScannerProcessHandle apiProcess = ScannerProcessHandle.start(common, "api");
                    ScannerProcessHandle first = ScannerProcessHandle.start(common, "worker")) {
                Api api = new Api(port);
                api.awaitHealthy(apiProcess, Duration.ofSeconds(60));
                Api.Reply submitted = api.post(
                        "/api/v2/workflows/execute",
                        "{\"workflow_id\": \"musinsa-validation-v2\", \"params\": {\"products\": [" + products + "]}}");
                assertEquals(202, submitted.status(), submitted.raw());
                String jobId = submitted.body().path("data").path("job_id").asText();

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (total(mirror) < 200) {
                    assertTrue(System.nanoTime() < deadline, "the first worker never got going:\n" + first.output());
                    Thread.sleep(20);
                }
                first.handle().destroyForcibly();
                first.handle().onExit().get(10, TimeUnit.SECONDS);
                long killedAt = System.nanoTime();
                long scannedBeforeKill = total(mirror);
                assertTrue(scannedBeforeKill < PRODUCTS, "the job finished before the kill");
                // the results so far were written line by line as the scan went
                Path live = liveResults(work.resolve("results"));
                long liveLines = Files.readAllLines(live).size();
                assertTrue(
                        liveLines >= scannedBeforeKill - 1 && liveLines <= scannedBeforeKill,
                        liveLines + " live result lines for " + scannedBeforeKill + " scanned products");

                try (ScannerProcessHandle second = ScannerProcessHandle.start(common, "worker")) {
                    JsonNode job = api.awaitFinished(jobId, Duration.ofSeconds(120));
                    assertEquals("completed", job.path("status").asText(), job + "\n" + second.output());
                    assertEquals(2, job.path("attempts").asInt(), "taken over once");
                    assertTrue(second.output().contains("event=job.recovered job_id=" + jobId), second.output());
                    assertTrue(second.output().contains("event=job.resumed job_id=" + jobId), second.output());
                }
                double completedAfter = (System.nanoTime() - killedAt) / 1e9;
                long requests = total(mirror);
                System.out.printf(
                        "recovery: %d of %d products scanned before SIGKILL; job completed %.1f s after it;"
                                + " mirror requests in all: %d%n",
                        scannedBeforeKill, PRODUCTS, completedAfter, requests);
                // at most the product in flight at the kill, plus the last checkpoint writes the kill cut off
                assertTrue(
                        requests <= PRODUCTS + 3,
                        "products were scanned again after the resume: " + requests + " requests for " + PRODUCTS
                                + " products (" + scannedBeforeKill + " before the kill)");
                assertTrue(mirror.requestCounts().values().stream().allMatch(n -> n >= 1));
                assertEquals(PRODUCTS, mirror.requestCounts().size(), "every product was scanned");

                assertTrue(!Files.exists(live), "the final results file replaces the live one");
                assertEquals(
                        PRODUCTS + 2,
                        Files.readAllLines(Path.of(live.toString().replace(".partial", "")))
                                .size());
                JsonNode results = api.get("/api/v2/jobs/" + jobId + "/results?limit=1000")
                        .body()
                        .path("data");
                assertEquals(PRODUCTS, results.path("total").asInt());
                Set<String> distinct = new HashSet<>();
                results.path("items")
                        .forEach(
                                item -> distinct.add(item.path("product_set_id").asText()));
                assertEquals(PRODUCTS, distinct.size(), "each product appears once in the results");
            }
        }
    }

    private static Path liveResults(Path resultsDir) throws IOException {
        try (var files = Files.walk(resultsDir)) {
            return files.filter(p -> p.toString().endsWith(".jsonl.partial"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no live results file under " + resultsDir));
        }
    }

    private static long total(SiteMirror mirror) {
        return mirror.requestCounts().values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }
}
