package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.mirror.SiteMirror;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations stack end to end: an API process and a musinsa worker process of the built distribution, a real
 * Prometheus and Alertmanager (Debian's) configured from docker/, and a local webhook sink. Prometheus scrapes both
 * processes, a backlog alert with a lowered threshold reaches the sink as a Slack message and as a message on
 * Discord's Slack-compatible webhook, an answer the plugin cannot read fires the parse-failure alert, every query of the Grafana dashboards returns data, and the worker, run
 * with LOG_FORMAT=json, writes only JSON lines.
 */
class ObservabilityStackTest {
    private static final int BACKLOG_THRESHOLD = 2;
    private static final int JOBS = BACKLOG_THRESHOLD + 1;
    private static final String SLACK_PATH = "/slack/services/T000/B000/test";
    private static final String DISCORD_PATH = "/discord/api/webhooks/42/test-token/slack";

    @TempDir
    Path work;

    @Test
    void prometheusScrapesEveryProcessTheBacklogAlertReachesSlackAndDiscordAndEveryDashboardQueryHasData()
            throws Exception {
        MusinsaMirror site = new MusinsaMirror()
                .product(7_100_001L, "관측 테스트", 30_000, 25_000, "SALE", 0)
                .deleted(7_100_002L)
                .unreadable(7_100_003L);
        int apiPort = ScannerProcessHandle.freePort();
        int workerMetricsPort = ScannerProcessHandle.freePort();
        try (TestRedisServer redis = new TestRedisServer();
                SiteMirror mirror = SiteMirror.start(site.writeTo(work.resolve("mirror")), 0);
                WebhookSink sink = new WebhookSink()) {
            Map<String, String> common = Map.of(
                    "REDIS_URL",
                    redis.url(),
                    "SCANNER_SITE_MIRROR",
                    mirror.url().toString(),
                    "MUSINSA_PACING_MS",
                    "0",
                    "WORKER_PLATFORMS",
                    "musinsa",
                    "RESULTS_DIR",
                    work.resolve("results").toString(),
                    "HOST",
                    "127.0.0.1");
            try (ScannerProcessHandle apiProcess = ScannerProcessHandle.start(
                            with(
                                    common,
                                    Map.of("PORT", Integer.toString(apiPort), "SERVICE_NAME", "product_scanner_dev")),
                            "api");
                    PrometheusStack stack = PrometheusStack.start(
                            work,
                            new PrometheusStack.Targets(
                                    "127.0.0.1:" + apiPort,
                                    List.of("127.0.0.1:" + workerMetricsPort),
                                    BACKLOG_THRESHOLD,
                                    sink.url(SLACK_PATH),
                                    sink.url(DISCORD_PATH)))) {
                Api api = new Api(apiPort);
                api.awaitHealthy(apiProcess, Duration.ofSeconds(60));

                // no worker yet: the jobs wait, the musinsa queue is over the lowered threshold
                List<String> jobs = new ArrayList<>();
                for (int i = 0; i < JOBS; i++) {
                    jobs.add(submit(api));
                }
                stack.awaitData(
                        "scanner_queue_length{job=\"api\",platform=\"musinsa\"} == " + JOBS, Duration.ofSeconds(60));
                assertBacklogMessage(sink.await(
                        d -> d.path().equals(SLACK_PATH) && d.body().contains("ScannerQueueBacklog"),
                        Duration.ofSeconds(90),
                        "Slack message"));
                assertBacklogMessage(sink.await(
                        d -> d.path().equals(DISCORD_PATH) && d.body().contains("ScannerQueueBacklog"),
                        Duration.ofSeconds(90),
                        "Discord message"));

                try (ScannerProcessHandle worker = ScannerProcessHandle.start(
                        with(
                                common,
                                Map.of(
                                        "METRICS_PORT",
                                        Integer.toString(workerMetricsPort),
                                        "SERVICE_NAME",
                                        "worker_musinsa",
                                        "LOG_FORMAT",
                                        "json")),
                        "worker")) {
                    for (String job : jobs) {
                        assertEquals(
                                "completed",
                                api.awaitFinished(job, Duration.ofSeconds(90))
                                        .path("status")
                                        .asText(),
                                worker.output());
                    }
                    // every process is scraped: the API's gauges and the worker's own counters
                    JsonNode up = stack.awaitData("up == 1", Duration.ofSeconds(60));
                    awaitTargetsUp(stack, List.of("api", "workers"));
                    JsonNode completed = stack.awaitData(
                            "scanner_jobs_total{job=\"workers\",status=\"completed\"} >= " + JOBS,
                            Duration.ofSeconds(60));
                    assertEquals(
                            "musinsa",
                            completed.get(0).path("metric").path("platform").asText(),
                            up.toString());
                    stack.awaitData(
                            "scanner_scans_total{job=\"workers\",outcome=\"not_found\"}", Duration.ofSeconds(30));
                    // each process names its build; the API's requests by route template and status
                    for (String job : List.of("api", "workers")) {
                        stack.awaitData(
                                "scanner_build_info{job=\"" + job + "\",version!=\"\"} == 1", Duration.ofSeconds(30));
                    }
                    stack.awaitData(
                            "http_server_requests_seconds_count{job=\"api\",method=\"POST\","
                                    + "uri=\"/api/v2/workflows/execute\",status=\"202\",outcome=\"SUCCESS\"} >= "
                                    + JOBS,
                            Duration.ofSeconds(30));
                    // a product the plugin cannot read, scanned once the worker is scraped: its counter was
                    // exported at 0 from the start, so this one failure is an increase and the parse-failure alert
                    // (windows cut to a minute) reaches the sink
                    String unreadable = submit(api, "https://www.musinsa.com/products/7100003");
                    assertEquals(
                            "completed",
                            api.awaitFinished(unreadable, Duration.ofSeconds(90))
                                    .path("status")
                                    .asText(),
                            worker.output());
                    WebhookSink.Delivery drift = sink.await(
                            d -> d.path().equals(SLACK_PATH) && d.body().contains("ScannerParseFailuresRising"),
                            Duration.ofSeconds(90),
                            "parse-failure alert");
                    JsonNode driftAlert =
                            Api.JSON.readTree(drift.body()).path("attachments").path(0);
                    assertEquals(
                            "[FIRING] ScannerParseFailuresRising",
                            driftAlert.path("title").asText(),
                            drift.body());
                    String text = driftAlert.path("text").asText();
                    assertTrue(
                            text.startsWith("musinsa: ") && text.contains("% of product scans could not be read"),
                            drift.body());

                    assertJsonLogLines(worker.output(), jobs.getFirst());

                    // a memory limit series exists only for a process under a limit (a container's); these two
                    // run on the host, where the limit query must evaluate and return nothing
                    boolean limited = false;
                    for (JsonNode listed :
                            api.get("/api/v2/workers").body().path("data").path("workers")) {
                        limited |= listed.path("memory_limit_mb").isNumber();
                    }
                    // a caller's mistake, for the dashboard's client-error panel: an unknown job is a 404
                    assertEquals(
                            404,
                            api.get("/api/v2/jobs/00000000-0000-7000-8000-000000000000")
                                    .status());
                    for (Query query : dashboardQueries()) {
                        if (!limited && query.promql().contains("_memory_limit_bytes")) {
                            assertTrue(stack.query(query.promql()).isEmpty(), query + " without a limit");
                            continue;
                        }
                        if (query.promql().contains("hikaricp_")) {
                            // the catalog pool's meters exist only in processes that use a catalog; this stack
                            // has none, so the query must evaluate and return nothing
                            assertTrue(stack.query(query.promql()).isEmpty(), query + " without a catalog");
                            continue;
                        }
                        JsonNode result = stack.awaitData(query.promql(), Duration.ofSeconds(60));
                        assertTrue(result.size() > 0, query + " returned no data");
                    }
                }
            }
        }
    }

    /** Alertmanager's Slack payload, as Slack and Discord's /slack endpoint read it: a titled attachment. */
    private static void assertBacklogMessage(WebhookSink.Delivery delivery) throws Exception {
        JsonNode message = Api.JSON.readTree(delivery.body());
        JsonNode attachment = message.path("attachments").path(0);
        assertEquals("[FIRING] ScannerQueueBacklog", attachment.path("title").asText(), delivery.body());
        assertTrue(
                attachment.path("text").asText().startsWith("musinsa queue has " + JOBS + " jobs waiting"),
                delivery.body());
    }

    /** With LOG_FORMAT=json every line a process writes is a JSON object, its job's lines naming job and platform. */
    private static void assertJsonLogLines(String output, String jobId) throws Exception {
        boolean finished = false;
        for (String line : output.lines().toList()) {
            JsonNode event = Api.JSON.readTree(line);
            assertTrue(event.isObject() && event.has("@timestamp") && event.has("log.level"), line);
            assertEquals("worker_musinsa", event.path("service.name").asText(), line);
            if (event.path("event.action").asText().equals("job.finished")
                    && event.path("job_id").asText().equals(jobId)) {
                assertEquals("musinsa", event.path("platform").asText(), line);
                assertEquals("completed", event.path("status").asText(), line);
                finished = true;
            }
        }
        assertTrue(finished, "no job.finished line for " + jobId + ":\n" + output);
    }

    private static void awaitTargetsUp(PrometheusStack stack, List<String> jobs) throws Exception {
        for (String job : jobs) {
            JsonNode up = stack.awaitData("up{job=\"" + job + "\"} == 1", Duration.ofSeconds(60));
            assertEquals(job, up.get(0).path("metric").path("job").asText());
        }
    }

    private static String submit(Api api, String url) throws Exception {
        Api.Reply reply = api.post(
                "/api/v2/workflows/execute",
                "{\"workflow_id\": \"musinsa-validation-v2\", \"params\": {\"products\": [{\"url\": \"" + url
                        + "\"}]}}");
        assertEquals(202, reply.status(), reply.raw());
        return reply.body().path("data").path("job_id").asText();
    }

    private static String submit(Api api) throws Exception {
        Api.Reply reply = api.post(
                "/api/v2/workflows/execute",
                "{\"workflow_id\": \"musinsa-validation-v2\", "
                        + "\"params\": {\"products\": [{\"url\": \"https://www.musinsa.com/products/7100001\"}, "
                        + "{\"url\": \"https://www.musinsa.com/products/7100002\"}]}}");
        assertEquals(202, reply.status(), reply.raw());
        return reply.body().path("data").path("job_id").asText();
    }

    /**
     * A dashboard query as Grafana would send it for the musinsa platform over a one-minute rate window, every job
     * and instance selected.
     */
    record Query(String source, String promql) {}

    static List<Query> dashboardQueries() throws Exception {
        List<Query> queries = new ArrayList<>();
        try (Stream<Path> files = Files.list(PrometheusStack.DOCKER.resolve("grafana/dashboards"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = Api.JSON.readTree(file.toFile());
                for (JsonNode panel : dashboard.path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        queries.add(new Query(
                                file.getFileName() + " / " + panel.path("title").asText(),
                                target.path("expr")
                                        .asText()
                                        .replace("$__rate_interval", "1m")
                                        .replace("$platform", "musinsa")
                                        // "All": Grafana sends the jobs and instances of scanner_build_info
                                        .replace("$job", "api|workers")
                                        .replace("$instance", ".+")));
                    }
                }
            }
        }
        assertTrue(queries.size() >= 20, "dashboard queries: " + queries);
        return queries;
    }

    private static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
        Map<String, String> all = new HashMap<>(base);
        all.putAll(more);
        return all;
    }
}
