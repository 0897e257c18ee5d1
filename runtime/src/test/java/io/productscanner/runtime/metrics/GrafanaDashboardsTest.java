package io.productscanner.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.heartbeat.WorkerHeartbeat;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.job.PlatformActivity;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.product.ProductCheck;
import io.productscanner.runtime.product.ScanRecord;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.testing.PromqlMetricNames;
import io.productscanner.runtime.testing.TestRedis;
import io.productscanner.spi.ProductSnapshot;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboards under docker/grafana work wherever Prometheus scrapes the processes: every query reads
 * only metric names the code really exports (taken from a live {@code /observe/metrics} scrape of a worker's
 * {@link MetricsServer}, which serves the same registry as the API, after a job, scans and the Redis gauges have
 * been recorded) or that docs/METRICS.md documents (meters of processes this scrape does not run, such as the
 * catalog pool's); every panel reads the {@code $datasource} variable, never a fixed uid; and no query names a
 * scrape job, which differs between compose, Kubernetes annotation scraping and the Prometheus Operator.
 */
class GrafanaDashboardsTest {
    private static final Path GRAFANA = MetricAlertRulesTest.repoRoot().resolve("docker/grafana");
    private static final String PLATFORM = "dashshop";
    /** Series Prometheus makes itself for every target. */
    private static final Set<String> PROMETHEUS_SERIES =
            Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

    private static final String DATASOURCE_VARIABLE = "${datasource}";
    /** A label matcher on job or instance whose value is not a dashboard variable: {@code job="api"}. */
    private static final Pattern FIXED_TARGET_LABEL = Pattern.compile("\\b(job|instance)\\s*(=|!=|=~|!~)\\s*\"(?!\\$)");
    /** Suffixes Prometheus adds to a histogram's or a summary's documented name. */
    private static final Pattern SERIES_SUFFIX = Pattern.compile("_(bucket|count|sum|max)$");

    private static Set<String> exported;

    @BeforeAll
    static void scrapeTheMetricsEndpoint() throws Exception {
        try (TestRedis redis = TestRedis.start()) {
            var commands = redis.connections().commands();
            Instant now = Instant.now();
            commands.set(
                    redis.keys().heartbeat("worker-dash"),
                    new WorkerHeartbeat(
                                    "worker-dash",
                                    "worker",
                                    "host",
                                    1,
                                    "running",
                                    List.of(PLATFORM),
                                    List.of(),
                                    now.minusSeconds(60),
                                    60,
                                    40,
                                    100.0,
                                    2048.0,
                                    700.0,
                                    now,
                                    "0.1.0",
                                    List.of())
                            .toJson());
            ScannerMetrics metrics = ScannerMetrics.create();
            metrics.registerPlatforms(List.of(PLATFORM));
            ClaimedJob job = new ClaimedJob(
                    new JobRecord(
                            "job-dash",
                            "wf-dash",
                            PLATFORM,
                            JobStatus.RUNNING,
                            0,
                            0,
                            null,
                            1,
                            null,
                            null,
                            now.minusSeconds(5).toString(),
                            now.toString(),
                            null,
                            null,
                            null,
                            "w1",
                            null),
                    "token",
                    false);
            metrics.jobStarted(job);
            metrics.jobEnded(job, "completed", System.nanoTime());
            metrics.scanEnded(
                    new ScanRecord(
                            new ProductCheck("https://shop.example/p/1", "set", null),
                            PLATFORM,
                            "1",
                            ProductSnapshot.notFound(PLATFORM, "1", "https://shop.example/p/1", "404", "api", now),
                            null,
                            null),
                    Duration.ofMillis(200));
            PlatformActivity activity =
                    new PlatformActivity(redis.connections().shared().async(), redis.keys(), Clock.systemUTC());
            try (SystemStateGauges gauges = SystemStateGauges.start(
                            metrics.registry(),
                            activity,
                            commands,
                            redis.keys(),
                            Clock.systemUTC(),
                            List.of(PLATFORM),
                            Duration.ofSeconds(30));
                    MetricsServer server = MetricsServer.start("127.0.0.1", 0, "worker-dash", commands)) {
                HttpResponse<String> response = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + server.port() + "/observe/metrics"))
                                        .header("Accept", "text/plain")
                                        .timeout(Duration.ofSeconds(20))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), response.body());
                exported = sampleNames(response.body());
            }
        }
    }

    /** The name of every sample line: {@code name{labels} value} or {@code name value}. */
    static Set<String> sampleNames(String prometheusText) {
        Set<String> names = new TreeSet<>();
        prometheusText
                .lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }

    @Test
    void everyPanelQueryUsesOnlyExportedOrDocumentedMetricNames() throws IOException {
        assertTrue(
                exported.contains("scanner_queue_length") && exported.contains("scanner_jobs_total"),
                "the scrape holds the scanner's meters: " + exported);
        assertTrue(exported.contains("jvm_memory_used_bytes"), "the scrape holds the JVM meters: " + exported);
        Set<String> documented = documentedMetricNames();
        Map<String, Set<String>> unknown = new TreeMap<>();
        int queries = 0;
        for (Query query : queries()) {
            queries++;
            Set<String> names = PromqlMetricNames.of(query.expression());
            assertFalse(names.isEmpty(), query + " reads no metric");
            for (String name : names) {
                boolean known = exported.contains(name)
                        || PROMETHEUS_SERIES.contains(name)
                        || documented.contains(name)
                        || documented.contains(SERIES_SUFFIX.matcher(name).replaceAll(""));
                if (!known) {
                    unknown.computeIfAbsent(query.toString(), k -> new TreeSet<>())
                            .add(name);
                }
            }
        }
        assertTrue(queries >= 20, "the three dashboards hold their panels: " + queries + " queries");
        assertTrue(
                unknown.isEmpty(),
                "queries reading metrics nobody exports nor docs/METRICS.md documents: " + unknown + "\nexported: "
                        + exported);
    }

    @Test
    void everyPanelTargetAndVariableUsesTheDatasourceVariable() throws IOException {
        for (Path file : dashboardFiles()) {
            JsonNode dashboard = Json.MAPPER.readTree(file.toFile());
            assertFalse(dashboard.path("uid").asText().isBlank(), file + " has a uid");
            JsonNode variables = dashboard.path("templating").path("list");
            JsonNode datasource = variable(variables, "datasource");
            assertEquals("datasource", datasource.path("type").asText(), file + ": $datasource");
            assertEquals("prometheus", datasource.path("query").asText(), file + ": $datasource lists Prometheus");
            int panels = 0;
            for (JsonNode panel : dashboard.path("panels")) {
                String where = file.getFileName() + ": " + panel.path("title").asText();
                if (panel.path("type").asText().equals("row")) {
                    assertTrue(panel.path("panels").isEmpty(), where + ": an open row holds no panels of its own");
                    continue;
                }
                panels++;
                assertDatasourceVariable(panel.path("datasource"), where);
                assertFalse(panel.path("targets").isEmpty(), where + " has a query");
                for (JsonNode target : panel.path("targets")) {
                    assertDatasourceVariable(target.path("datasource"), where + " / " + target.path("refId"));
                }
            }
            assertTrue(panels > 0, file + " has panels");
            for (JsonNode variable : variables) {
                if (variable.path("type").asText().equals("query")) {
                    assertDatasourceVariable(
                            variable.path("datasource"), file.getFileName() + ": $" + variable.path("name"));
                }
            }
            // no fixed uid anywhere, in whatever a later edit adds
            for (JsonNode uid : dashboard.findValues("uid")) {
                assertTrue(
                        uid.asText().equals(dashboard.path("uid").asText())
                                || uid.asText().equals(DATASOURCE_VARIABLE),
                        file + ": a fixed uid " + uid);
            }
        }
    }

    @Test
    void noQueryNamesAScrapeJobOrInstance() throws IOException {
        for (Query query : queries()) {
            assertFalse(
                    FIXED_TARGET_LABEL.matcher(query.expression()).find(),
                    query + ": job and instance come from the $job and $instance variables");
        }
        for (Path file : dashboardFiles()) {
            JsonNode variables =
                    Json.MAPPER.readTree(file.toFile()).path("templating").path("list");
            // the jobs and instances that run the scanner, whatever a scrape configuration calls them
            assertEquals(
                    "label_values(scanner_build_info, job)",
                    variable(variables, "job").path("query").path("query").asText(),
                    file + ": $job");
            assertTrue(variable(variables, "job").path("includeAll").asBoolean(), file + ": $job offers All");
        }
    }

    private static JsonNode variable(JsonNode variables, String name) {
        for (JsonNode variable : variables) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError("no variable $" + name + " in " + variables);
    }

    private static void assertDatasourceVariable(JsonNode datasource, String where) {
        assertEquals("prometheus", datasource.path("type").asText(), where);
        assertEquals(DATASOURCE_VARIABLE, datasource.path("uid").asText(), where);
    }

    /** Every metric name docs/METRICS.md writes in backticks. */
    static Set<String> documentedMetricNames() throws IOException {
        String doc = Files.readString(MetricAlertRulesTest.repoRoot().resolve("docs/METRICS.md"));
        Set<String> names = new TreeSet<>();
        Matcher matcher = Pattern.compile("`([a-z][a-z0-9_]*)(?:\\{[^`]*})?`").matcher(doc);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    @Test
    void theExpressionParserFindsMetricsNotFunctionsLabelsOrKeywords() {
        assertEquals(
                Set.of("scanner_jobs_total"),
                PromqlMetricNames.of(
                        "(sum by (platform) (rate(scanner_jobs_total"
                                + "{status=~\"failed|dead_lettered\"}[1h])) or sum by (platform) (rate(scanner_jobs_total[1h])) * 0)"));
        assertEquals(
                Set.of("scanner_scan_duration_seconds_bucket"),
                PromqlMetricNames.of(
                        "histogram_quantile(0.95, "
                                + "sum by (le) (rate(scanner_scan_duration_seconds_bucket{platform=~\"$platform\"}[$__rate_interval])))"));
        assertEquals(
                Set.of("up", "process_cpu_seconds_total"),
                PromqlMetricNames.of("up{job=\"api\"} and on (service) rate(process_cpu_seconds_total[5m]) > 1e6"));
    }

    /** A panel's query or a template variable's, with where it comes from. */
    record Query(String dashboard, String panel, String expression) {
        @Override
        public String toString() {
            return dashboard + " / " + panel + ": " + expression;
        }
    }

    static List<Query> queries() throws IOException {
        List<Query> queries = new ArrayList<>();
        for (Path file : dashboardFiles()) {
            JsonNode dashboard = Json.MAPPER.readTree(file.toFile());
            String name = file.getFileName().toString();
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    queries.add(new Query(
                            name,
                            panel.path("title").asText(),
                            target.path("expr").asText()));
                }
            }
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                if (!variable.path("type").asText().equals("query")) {
                    continue; // $datasource lists data sources, not series
                }
                // label_values(metric, label): the metric is what must exist
                String query = variable.path("query").path("query").asText();
                String metric = query.replaceAll("^label_values\\(\\s*([^,]+),.*$", "$1");
                queries.add(new Query(name, "$" + variable.path("name").asText(), metric));
            }
        }
        return queries;
    }

    static List<Path> dashboardFiles() throws IOException {
        try (Stream<Path> files = Files.list(GRAFANA.resolve("dashboards"))) {
            List<Path> list =
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertEquals(3, list.size(), "overview, platform and workers dashboards: " + list);
            return list;
        }
    }
}
