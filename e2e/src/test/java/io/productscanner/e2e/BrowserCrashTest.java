package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Chromium killed in the middle of an oliveyoung validation: the worker notices, relaunches the browser, reads the
 * product that hit the crash again, and the job completes with every product scanned; the restart is counted.
 */
class BrowserCrashTest {
    private static final String MARKER = "--product-scanner-browser=";
    private static final List<String> ON_SALE_OR_NOT = List.of(
            "A000000238213",
            "A000000184228",
            "A000000190001",
            "A000000190002",
            "A000000190003",
            "A000000190004",
            "A000000190005",
            "A000000155555");
    private static final int PRODUCTS = 48;

    @RegisterExtension
    static final MirroredServe.ForClass serving = MirroredServe.forClass(Map.of("WORKER_PLATFORMS", "oliveyoung"));

    @Test
    void killingChromiumMidJobIsSurvivedAndEveryProductIsScanned() throws Exception {
        List<String> products = new ArrayList<>();
        for (int i = 0; i < PRODUCTS; i++) {
            products.add("{\"url\": \"https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo="
                    + ON_SALE_OR_NOT.get(i % ON_SALE_OR_NOT.size()) + "\", \"product_set_id\": \"ps-" + i + "\"}");
        }
        Api.Reply submitted = serving.api()
                .post(
                        "/api/v2/workflows/execute",
                        "{\"workflow_id\": \"oliveyoung-validation-v2\", \"params\": {\"products\": ["
                                + String.join(",", products) + "]}}");
        assertEquals(202, submitted.status(), submitted.raw());
        String jobId = submitted.body().path("data").path("job_id").asText();

        ProcessHandle chromium = awaitChromiumMidScan(jobId);
        assertTrue(chromium.destroyForcibly(), "SIGKILL sent to Chromium " + chromium.pid());

        JsonNode job = serving.api().awaitFinished(jobId, Duration.ofSeconds(240));
        assertEquals("completed", job.path("status").asText(), job.toString());
        JsonNode summary = job.path("result").path("summary");
        assertEquals(PRODUCTS, summary.path("total").asInt(), summary.toString());
        assertEquals(PRODUCTS, summary.path("success").asInt(), summary.toString());
        assertEquals(0, summary.path("failed").asInt(), summary.toString());

        assertFalse(chromium.isAlive());
        assertTrue(mainChromium().filter(p -> p.pid() != chromium.pid()).isPresent(), "a new Chromium runs");
        assertTrue(
                serving.server().output().contains("event=browser.restarted platform=oliveyoung restarts=1"),
                serving.server().output());
        String metrics = serving.api().get("/observe/metrics").raw();
        assertTrue(
                Pattern.compile("(?m)^scanner_browser_restarts_total\\{[^}]*platform=\"oliveyoung\"[^}]*} 1(\\.0)?$")
                        .matcher(metrics)
                        .find(),
                metrics.lines().filter(l -> l.contains("browser")).toList().toString());
    }

    /** Waits until the scan node is under way (a fifth of it done) and returns the browser's main process. */
    private static ProcessHandle awaitChromiumMidScan(String jobId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = serving.api().get("/api/v2/jobs/" + jobId).body().path("data");
            double progress = job.path("progress").asDouble();
            // fetch is one node of six; the scan node adds its share as products are read
            if ("scan".equals(job.path("current_node").asText()) && progress > (1 + 0.2) / 6) {
                if (progress > (1 + 0.8) / 6) {
                    throw new AssertionError("the scan went by before Chromium could be killed: " + job);
                }
                return mainChromium().orElseThrow(() -> new AssertionError("no Chromium under the worker"));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the job did not reach its scan node");
    }

    /** Chromium's main process under the server: it carries the browser support's marker, its parent does not. */
    private static Optional<ProcessHandle> mainChromium() {
        return serving.server()
                .handle()
                .descendants()
                .filter(BrowserCrashTest::marked)
                .filter(p -> p.parent().map(parent -> !marked(parent)).orElse(true))
                .findFirst();
    }

    private static boolean marked(ProcessHandle process) {
        return process.info()
                .arguments()
                .map(args -> Arrays.stream(args).anyMatch(a -> a.startsWith(MARKER)))
                .orElse(false);
    }
}
