package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator commands ({@code running, status, submit, cancel, workers, plugins, results, queues}) of the built
 * distribution against a running, token-protected API with a musinsa worker, including their failures: API down,
 * bad or unknown job id, missing or wrong token, wrong command line. Output is not a terminal here, so it is plain.
 */
class OperatorCliTest {
    private static final String TOKEN = "ops-test-token-0123456789";
    private static final String FAST = "https://www.musinsa.com/products/7200001";
    private static final String GONE = "https://www.musinsa.com/products/7200002";
    /**
     * Eight products of 12 s each (under the plugin's 15 s read timeout): a run long enough to look at and cancel
     * even when each command's JVM takes seconds to start on a busy machine; cancelling ends it at the next product.
     */
    private static final List<String> SLOW = LongStream.rangeClosed(7_200_003L, 7_200_010L)
            .mapToObj(id -> "https://www.musinsa.com/products/" + id)
            .toList();

    @TempDir
    static Path work;

    private static MirroredServe serving;
    private static String apiUrl;

    @BeforeAll
    static void serve() throws Exception {
        MusinsaMirror site = new MusinsaMirror()
                .product(7_200_001L, "운영 테스트", 30_000, 25_000, "SALE", 0)
                .deleted(7_200_002L);
        for (long id = 7_200_003L; id <= 7_200_010L; id++) {
            site.product(id, "느린 상품 " + id, 10_000, 10_000, "SALE", 12_000);
        }
        serving = MirroredServe.start(
                site.writeTo(work.resolve("mirror")),
                work,
                Map.of("HOST", "127.0.0.1", "API_TOKEN", TOKEN, "MUSINSA_PACING_MS", "0", "SERVICE_NAME", "ops-serve"));
        serving.server().awaitOutput("event=worker.started", Duration.ofSeconds(60));
        apiUrl = "http://127.0.0.1:" + serving.port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (serving != null) {
            serving.close();
        }
    }

    private static ScannerProcessHandle.Finished cli(String... args) throws Exception {
        return cli(Map.of("API_URL", apiUrl, "API_TOKEN", TOKEN), args);
    }

    private static ScannerProcessHandle.Finished cli(Map<String, String> env, String... args) throws Exception {
        return ScannerProcessHandle.run(env, Duration.ofSeconds(90), args);
    }

    private static JsonNode json(ScannerProcessHandle.Finished run) throws Exception {
        assertEquals(0, run.exitCode(), run.output());
        return Api.JSON.readTree(run.output());
    }

    @Test
    void submitWaitsForTheJobWithAProgressBarThenStatusAndResultsShowIt() throws Exception {
        var submitted = cli(
                "submit",
                "musinsa-validation-v2",
                "--param",
                "products=[{\"url\": \"" + FAST + "\", \"expected\": {\"original_price\": 30000}}, {\"url\": \"" + GONE
                        + "\"}]",
                "--priority",
                "5",
                "--wait");
        assertEquals(0, submitted.exitCode(), submitted.output());
        String output = submitted.output();
        assertTrue(output.startsWith("submitted "), output);
        String jobId = output.substring("submitted ".length(), output.indexOf(' ', "submitted ".length()));
        // plain output: each change of the bar on a line of its own, no carriage returns
        assertTrue(output.contains("[" + "#".repeat(30) + "] 100%  completed"), output);
        assertFalse(output.contains("\r"), output);

        var status = cli("status", jobId);
        assertEquals(0, status.exitCode(), status.output());
        assertTrue(status.output().matches("(?s).*status\\s+completed.*"), status.output());
        assertTrue(status.output().matches("(?s).*platform\\s+musinsa.*"), status.output());
        JsonNode job = json(cli("status", jobId, "--json"));
        assertEquals(jobId, job.path("job_id").asText());
        assertEquals(5, job.path("priority").asInt());
        assertEquals(1.0, job.path("progress").asDouble());

        var followed = cli("status", jobId, "--follow");
        assertEquals(0, followed.exitCode(), followed.output());

        var table = cli("results", jobId);
        assertEquals(0, table.exitCode(), table.output());
        assertTrue(table.output().contains("2 result(s)"), table.output());
        assertTrue(
                table.output().matches("(?s).*7200001\\s+success\\s+true\\s+on_sale\\s+30000\\s+25000.*"),
                table.output());
        assertTrue(table.output().matches("(?s).*7200002\\s+not_found.*"), table.output());

        var jsonl = cli("results", jobId, "--format", "jsonl");
        assertEquals(0, jsonl.exitCode(), jsonl.output());
        List<String> lines = jsonl.output().lines().toList();
        assertEquals(2, lines.size(), jsonl.output());
        assertEquals(FAST, Api.JSON.readTree(lines.getFirst()).path("url").asText());

        var csv = cli("results", jobId, "--format", "csv");
        assertEquals(0, csv.exitCode(), csv.output());
        assertEquals(3, csv.output().lines().count(), "header and two rows: " + csv.output());
        assertTrue(csv.output().contains(FAST), csv.output());

        JsonNode all = json(cli("results", jobId, "--json"));
        assertEquals(2, all.path("items").size(), all.toString());
        assertEquals("completed", all.path("status").asText());
    }

    @Test
    void runningShowsTheRunningJobAndQueueDepthsAndCancelStopsAQueuedJob() throws Exception {
        String slow = submitJson(SLOW).path("job_id").asText();
        String queued = submitJson(List.of(FAST)).path("job_id").asText();
        awaitRunning(slow);

        var running = cli("running");
        assertEquals(0, running.exitCode(), running.output());
        assertTrue(running.output().startsWith("running: 1   queued: 1"), running.output());
        assertTrue(
                running.output().matches("(?s).*musinsa\\s+" + slow + "\\s+musinsa-validation-v2.*"), running.output());
        assertTrue(running.output().matches("(?s).*QUEUE\\s+DEPTH\\s+musinsa\\s+1.*"), running.output());
        JsonNode runningJson = json(cli("running", "--json"));
        assertEquals(1, runningJson.path("summary").path("running_count").asInt(), runningJson.toString());

        // the seed's script, against the same API
        ProcessBuilder scriptEnv = new ProcessBuilder(PrometheusStack.repoRoot()
                        .resolve("scripts/check-running-jobs.sh")
                        .toString())
                .redirectErrorStream(true);
        scriptEnv.environment().put("API_URL", apiUrl);
        scriptEnv.environment().put("API_TOKEN", TOKEN);
        Process checked = scriptEnv.start();
        assertTrue(checked.waitFor(30, TimeUnit.SECONDS));
        String scriptOutput = new String(checked.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, checked.exitValue(), scriptOutput);
        assertTrue(scriptOutput.startsWith("running: 1   queued: 1"), scriptOutput);
        assertTrue(scriptOutput.contains(slow), scriptOutput);

        var cancelled = cli("cancel", queued);
        assertEquals(0, cancelled.exitCode(), cancelled.output());
        assertEquals(queued + " cancelled", cancelled.output().strip());
        var again = cli("cancel", queued);
        assertEquals(1, again.exitCode(), again.output());
        assertTrue(again.output().contains("HTTP 409 job_finished"), again.output());

        // following a job that ends cancelled is a failure a script sees
        var cancelRunning = cli("cancel", slow, "--json");
        assertEquals("cancelling", json(cancelRunning).path("status").asText());
        var followed = cli("status", slow, "--follow");
        assertEquals(5, followed.exitCode(), followed.output());
        assertTrue(followed.output().contains("job " + slow + " ended cancelled"), followed.output());
    }

    @Test
    void workersAndPluginsListWhatTheApiKnows() throws Exception {
        var workers = cli("workers");
        assertEquals(0, workers.exitCode(), workers.output());
        assertTrue(
                workers.output()
                        .matches(
                                "(?s).*SERVICE\\s+ROLE\\s+STATUS\\s+PLATFORMS\\s+PLUGINS\\s+CURRENT_JOBS.*"
                                        + "ops-serve\\s+all\\s+(idle|busy)\\s+\\S+\\s+ably,extract,hwahae,kurly,musinsa,oliveyoung,zigzag\\s.*"),
                workers.output());
        assertTrue(workers.output().matches("(?s).*RSS_MB\\s+WORKING_SET_MB\\s+LIMIT_MB\\s+HOST.*"), workers.output());
        JsonNode listed = json(cli("workers", "--json")).path("workers").path(0);
        assertEquals("ops-serve", listed.path("service").asText());
        assertEquals("musinsa", listed.path("plugins").path(4).path("id").asText(), listed.toString());
        assertFalse(listed.path("plugins").path(4).path("version").asText().isEmpty(), listed.toString());

        var plugins = cli("plugins");
        assertEquals(0, plugins.exitCode(), plugins.output());
        assertTrue(plugins.output().matches("(?s).*PLUGIN\\s+KIND.*musinsa\\s+api\\s+musinsa.*"), plugins.output());
        List<String> ids = new ArrayList<>();
        json(cli("plugins", "--json"))
                .path("platforms")
                .forEach(p -> ids.add(p.path("id").asText()));
        assertTrue(
                ids.containsAll(List.of("musinsa", "hwahae", "zigzag", "oliveyoung", "ably", "kurly", "extract")),
                ids.toString());
    }

    @Test
    void queuesListsEveryQueueAndPauseAndResumeHoldOne() throws Exception {
        var paused = cli("queues", "pause", "hwahae");
        assertEquals(0, paused.exitCode(), paused.output());
        assertEquals("hwahae paused", paused.output().strip());
        try {
            var list = cli("queues", "list");
            assertEquals(0, list.exitCode(), list.output());
            assertTrue(
                    list.output().matches("(?s).*QUEUE\\s+PAUSED\\s+WAITING\\s+OLDEST_WAIT\\s+RUNNING.*"),
                    list.output());
            assertTrue(list.output().matches("(?s).*\\bhwahae\\s+yes\\s+0\\s.*"), list.output());
            assertTrue(list.output().matches("(?s).*\\bkurly\\s+no\\s.*"), list.output());
            JsonNode queues = json(cli("queues", "list", "--json"));
            assertEquals(1, queues.path("summary").path("paused_count").asInt(), queues.toString());
        } finally {
            var resumed = cli("queues", "resume", "hwahae", "--json");
            assertEquals(0, resumed.exitCode(), resumed.output());
            assertFalse(json(resumed).path("paused").asBoolean(), resumed.output());
        }
        var unknown = cli("queues", "pause", "nowhere");
        assertEquals(1, unknown.exitCode(), unknown.output());
        assertTrue(unknown.output().contains("HTTP 404 platform_not_found"), unknown.output());
    }

    @Test
    void failuresSayWhatIsWrongWithTheirOwnExitCodes() throws Exception {
        var down = cli(
                Map.of("API_URL", "http://127.0.0.1:" + ScannerProcessHandle.freePort(), "API_TOKEN", TOKEN),
                "running");
        assertEquals(3, down.exitCode(), down.output());
        assertTrue(down.output().contains("cannot reach the API at http://127.0.0.1:"), down.output());

        var noToken = cli(Map.of("API_URL", apiUrl), "workers");
        assertEquals(4, noToken.exitCode(), noToken.output());
        assertTrue(noToken.output().contains("needs a token: set API_TOKEN"), noToken.output());
        var wrongToken = cli(Map.of("API_URL", apiUrl, "API_TOKEN", "not-the-token"), "plugins");
        assertEquals(4, wrongToken.exitCode(), wrongToken.output());
        assertTrue(wrongToken.output().contains("refused API_TOKEN"), wrongToken.output());

        var malformed = cli("status", "not-a-job");
        assertEquals(1, malformed.exitCode(), malformed.output());
        assertTrue(
                malformed.output().contains("HTTP 400 invalid_job_id")
                        && malformed.output().contains("(field id)"),
                malformed.output());
        var unknown = cli("results", "019ad0c1-0000-7000-8000-000000000000");
        assertEquals(1, unknown.exitCode(), unknown.output());
        assertTrue(unknown.output().contains("HTTP 404 job_not_found"), unknown.output());
        var badWorkflow = cli("submit", "no-such-workflow");
        assertEquals(1, badWorkflow.exitCode(), badWorkflow.output());
        assertTrue(
                badWorkflow.output().contains("HTTP 400")
                        || badWorkflow.output().contains("HTTP 404"),
                badWorkflow.output());

        var usage = cli("status");
        assertEquals(2, usage.exitCode(), usage.output());
        assertTrue(usage.output().contains("Missing required parameter: 'JOB_ID'"), usage.output());
        var badFormat = cli("results", "019ad0c1-0000-7000-8000-000000000000", "--format", "xml");
        assertEquals(2, badFormat.exitCode(), badFormat.output());
        assertTrue(badFormat.output().contains("table, jsonl, csv"), badFormat.output());
    }

    private static JsonNode submitJson(List<String> urls) throws Exception {
        String products = String.join(
                ", ", urls.stream().map(url -> "{\"url\": \"" + url + "\"}").toList());
        return json(cli("submit", "musinsa-validation-v2", "--param", "products=[" + products + "]", "--json"));
    }

    private static void awaitRunning(String jobId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!json(cli("status", jobId, "--json")).path("status").asText().equals("running")) {
            assertTrue(System.nanoTime() < deadline, "job " + jobId + " never started");
            Thread.sleep(200);
        }
    }
}
