package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.mirror.SiteMirror;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each worker process of the built distribution loads from its plugin folder, which holds every plugin (as the
 * browser image's does), seen as an operator sees it, in an API process's {@code GET /api/v2/workers}: a platform
 * worker its own plugin, the extract worker every plugin (it scans through the platform plugins), the default
 * worker none (the shipped workflows give it nothing that needs one); and the musinsa worker still runs musinsa jobs.
 */
class WorkerPluginsTest {
    private static final String PRODUCT = "https://www.musinsa.com/products/7300001";

    @TempDir
    static Path work;

    @Test
    void eachWorkerLoadsOnlyThePluginsItServesAndTheMusinsaWorkerStillRunsMusinsaJobs() throws Exception {
        Path mirrorDir = new MusinsaMirror()
                .product(7_300_001L, "플러그인 선택 테스트", 20_000, 15_000, "SALE", 0)
                .writeTo(work.resolve("mirror"));
        try (TestRedisServer redis = new TestRedisServer();
                SiteMirror mirror = SiteMirror.start(mirrorDir, 0)) {
            int port = ScannerProcessHandle.freePort();
            Map<String, String> common = Map.of(
                    "REDIS_URL",
                    redis.url(),
                    "SCANNER_SITE_MIRROR",
                    mirror.url().toString(),
                    "MUSINSA_PACING_MS",
                    "0",
                    "RESULTS_DIR",
                    work.resolve("results").toString());
            try (ScannerProcessHandle apiProcess = ScannerProcessHandle.start(
                            with(common, Map.of("PORT", Integer.toString(port), "SERVICE_NAME", "api")), "api");
                    ScannerProcessHandle musinsa = worker(common, "musinsa");
                    ScannerProcessHandle extract = worker(common, "extract");
                    ScannerProcessHandle defaultQueue = worker(common, "default")) {
                Api api = new Api(port);
                api.awaitHealthy(apiProcess, Duration.ofSeconds(60));
                for (ScannerProcessHandle worker : List.of(musinsa, extract, defaultQueue)) {
                    worker.awaitOutput("event=process.ready", Duration.ofSeconds(90));
                }
                JsonNode listed = awaitWorkers(api, 4);
                Map<String, JsonNode> byService = new LinkedHashMap<>();
                listed.path("workers")
                        .forEach(w -> byService.put(w.path("service").asText(), w));
                List<String> every = new ArrayList<>();
                api.get("/api/v2/platforms")
                        .body()
                        .path("data")
                        .path("platforms")
                        .forEach(p -> every.add(p.path("id").asText()));
                assertEquals(List.of("ably", "extract", "hwahae", "kurly", "musinsa", "oliveyoung", "zigzag"), every);

                // the API checks URLs against every plugin; each worker loads what it serves
                assertEquals(every, pluginIds(byService.get("api")));
                JsonNode musinsaWorker = byService.get("worker-musinsa");
                assertEquals(List.of("musinsa"), pluginIds(musinsaWorker), musinsaWorker.toString());
                assertEquals(every, pluginIds(byService.get("worker-extract")));
                assertEquals(List.of(), pluginIds(byService.get("worker-default")));
                // each with the version of the plugin's module, the build's, and the SPI it was built for
                JsonNode plugin = musinsaWorker.path("plugins").get(0);
                String build =
                        listed.path("summary").path("api_version").asText().split(" ")[0];
                assertEquals(build, plugin.path("version").asText(), plugin.toString());
                assertTrue(plugin.path("spi").asText().matches("\\d+\\.\\d+"), plugin.toString());
                assertEquals(List.of("musinsa"), texts(musinsaWorker.path("platforms")));
                assertEquals(
                        List.of("extract"),
                        texts(byService.get("worker-extract").path("platforms")));
                assertEquals(
                        List.of("default"),
                        texts(byService.get("worker-default").path("platforms")));

                // the ready line says the same; the musinsa worker reads only the workflows it may run, so the
                // extract workflows, whose node types its plugin lacks, are neither read nor reported
                String musinsaLog = musinsa.output();
                assertTrue(musinsaLog.matches("(?s).*event=process\\.ready .*plugins=musinsa .*"), musinsaLog);
                assertTrue(musinsaLog.matches("(?s).*event=workflows\\.loaded .*count=2 invalid=0 .*"), musinsaLog);
                assertFalse(musinsaLog.contains("workflow.invalid"), musinsaLog);
                assertFalse(defaultQueue.output().contains("workflow.invalid"), defaultQueue.output());
                assertTrue(
                        defaultQueue
                                .output()
                                .matches("(?s).*event=process\\.ready .*plugins=- worker_queues=default .*"),
                        defaultQueue.output());

                // the musinsa worker, the only one serving the musinsa queue, runs a musinsa job
                Api.Reply submitted = api.post(
                        "/api/v2/workflows/execute",
                        "{\"workflow_id\": \"musinsa-validation-v2\", \"params\": {\"products\": [{\"url\": \""
                                + PRODUCT + "\", \"expected\": {\"original_price\": 20000, "
                                + "\"discounted_price\": 15000, \"sale_status\": \"on_sale\"}}]}}");
                assertEquals(202, submitted.status(), submitted.raw());
                JsonNode job = api.awaitFinished(
                        submitted.body().path("data").path("job_id").asText(), Duration.ofSeconds(90));
                assertEquals("completed", job.path("status").asText(), job + "\n" + musinsa.output());
                JsonNode summary = job.path("result").path("summary");
                assertEquals(1, summary.path("success").asInt(), job.toString());
                assertEquals(1, summary.path("match").asInt(), job.toString());
                assertTrue(musinsa.output().contains("event=job.started"), musinsa.output());

                // and the extract worker scans a musinsa product through the platform plugins it loaded
                Api.Reply extracted = api.post("/api/v2/products/extract-by-url", "{\"url\": \"" + PRODUCT + "\"}");
                assertEquals(200, extracted.status(), extracted.raw() + "\n" + extract.output());
                JsonNode result = extracted.body().path("data").path("results").get(0);
                assertEquals("musinsa", result.path("platform").asText(), extracted.raw());
                assertEquals(
                        15_000, result.path("fetched").path("discounted_price").asLong(), extracted.raw());
            }
        }
    }

    private static ScannerProcessHandle worker(Map<String, String> common, String platform) throws Exception {
        return ScannerProcessHandle.start(
                with(common, Map.of("WORKER_PLATFORMS", platform, "SERVICE_NAME", "worker-" + platform)), "worker");
    }

    /** The worker list once it holds {@code count} processes. */
    private static JsonNode awaitWorkers(Api api, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode data = api.get("/api/v2/workers").body().path("data");
            if (data.path("workers").size() == count) {
                return data;
            }
            assertTrue(System.nanoTime() < deadline, "expected " + count + " processes, the API lists " + data);
            Thread.sleep(100);
        }
    }

    private static List<String> pluginIds(JsonNode worker) {
        assertTrue(worker.path("plugins").isArray(), worker.toString());
        List<String> ids = new ArrayList<>();
        worker.path("plugins").forEach(p -> ids.add(p.path("id").asText()));
        return ids;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
        Map<String, String> copy = new HashMap<>(base);
        copy.putAll(more);
        return copy;
    }
}
