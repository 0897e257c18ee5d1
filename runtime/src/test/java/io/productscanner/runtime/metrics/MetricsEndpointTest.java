package io.productscanner.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.runtime.api.ApiServer;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.heartbeat.WorkerHeartbeat;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.job.PlatformActivity;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.plugin.PluginsConfig;
import io.productscanner.runtime.product.ProductCheck;
import io.productscanner.runtime.product.ScanRecord;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.results.ResultsDirectory;
import io.productscanner.runtime.testing.TestRedis;
import io.productscanner.runtime.version.ProductVersion;
import io.productscanner.runtime.workflow.NodeTypes;
import io.productscanner.runtime.workflow.WorkflowCatalog;
import io.productscanner.runtime.workflow.WorkflowRunner;
import io.productscanner.runtime.workflow.WorkflowSubmitter;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real API's {@code /observe/metrics} text carries the spec's metric names, labels and values. */
class MetricsEndpointTest {
    private static final String PLATFORM = "metricshop";

    @TempDir
    Path root;

    @Test
    void exposesTheSpecifiedMetricsInPrometheusText() throws Exception {
        try (TestRedis redis = TestRedis.start()) {
            var commands = redis.connections().commands();
            var keys = redis.keys();
            Instant now = Instant.now();
            commands.zadd(keys.queue(PLATFORM), 1, "job-a");
            commands.zadd(keys.queue(PLATFORM), 2, "job-b");
            commands.set(
                    keys.running(PLATFORM),
                    "{\"job_id\":\"job-r\",\"workflow_id\":\"wf\",\"started_at\":\"" + now.minusSeconds(90)
                            + "\",\"worker\":\"w1\"}");
            commands.zadd(keys.deadLetters(), 1, "job-dead");
            commands.hset(keys.job("job-dead"), Map.of(JobRecord.PLATFORM, PLATFORM));
            commands.set(
                    keys.heartbeat("worker-shop"),
                    new WorkerHeartbeat(
                                    "worker-shop",
                                    "worker",
                                    "host",
                                    1,
                                    "running",
                                    List.of(PLATFORM),
                                    List.of(),
                                    now.minusSeconds(100),
                                    100,
                                    50,
                                    120.0,
                                    512.0,
                                    300.5,
                                    now.minusSeconds(10),
                                    "0.1.0",
                                    List.of())
                            .toJson());
            // a worker without a memory limit (run outside a container): no limit series for it
            commands.set(
                    keys.heartbeat("worker-unlimited"),
                    new WorkerHeartbeat(
                                    "worker-unlimited",
                                    "worker",
                                    "host",
                                    2,
                                    "idle",
                                    List.of(PLATFORM),
                                    List.of(),
                                    now.minusSeconds(100),
                                    100,
                                    50,
                                    130.0,
                                    null,
                                    140.0,
                                    now.minusSeconds(10),
                                    "0.1.0",
                                    List.of())
                            .toJson());

            ScannerMetrics metrics = ScannerMetrics.create();
            metrics.registerPlatforms(List.of(PLATFORM));
            metrics.scheduleRun("nightly-musinsa", "enqueued");
            metrics.scheduleSucceeded("nightly-musinsa", 1_764_400_000L);
            ClaimedJob job = new ClaimedJob(
                    new JobRecord(
                            "job-1",
                            "wf-metrics",
                            PLATFORM,
                            JobStatus.RUNNING,
                            0,
                            0,
                            null,
                            1,
                            null,
                            null,
                            now.minusSeconds(30).toString(),
                            now.toString(),
                            null,
                            null,
                            null,
                            "w1",
                            null),
                    "token",
                    false);
            metrics.jobStarted(job);
            metrics.jobEnded(
                    job, "completed", System.nanoTime() - Duration.ofSeconds(3).toNanos());
            metrics.scanEnded(
                    new ScanRecord(
                            new ProductCheck("https://shop.example/p/1", "set", null),
                            PLATFORM,
                            "1",
                            ProductSnapshot.notFound(PLATFORM, "1", "https://shop.example/p/1", "404", "api", now),
                            null,
                            null),
                    Duration.ofMillis(300));
            metrics.scanEnded(
                    new ScanRecord(
                            new ProductCheck("https://shop.example/p/2", "set", null),
                            PLATFORM,
                            "2",
                            null,
                            "timeout",
                            "slow"),
                    Duration.ofSeconds(2));

            PluginRegistry plugins = PluginRegistry.load(
                    new PluginsConfig(Files.createDirectories(root.resolve("plugins")), List.of()),
                    Settings.of(Map.of()));
            NodeTypes nodeTypes = new NodeTypes(List.of());
            WorkflowCatalog workflows =
                    WorkflowCatalog.load(Files.createDirectories(root.resolve("workflows")), nodeTypes);
            var store = redis.store();
            var queues = redis.queues(Duration.ofSeconds(30));
            queues.platforms().pause(PLATFORM);
            PlatformActivity activity =
                    new PlatformActivity(redis.connections().shared().async(), keys, Clock.systemUTC());
            try (plugins;
                    ApiServer api = ApiServer.start(
                            "127.0.0.1",
                            0,
                            new ApiServer.Dependencies(
                                    workflows,
                                    new WorkflowSubmitter(
                                            workflows,
                                            new WorkflowRunner(workflows, nodeTypes, plugins, store),
                                            plugins,
                                            queues.jobs()),
                                    store,
                                    activity,
                                    plugins,
                                    new ResultsDirectory(root.resolve("results")),
                                    commands,
                                    queues,
                                    redis.jobEnds()));
                    SystemStateGauges gauges = SystemStateGauges.start(
                            metrics.registry(),
                            activity,
                            commands,
                            keys,
                            Clock.systemUTC(),
                            List.of(PLATFORM),
                            Duration.ofSeconds(30))) {
                HttpResponse<String> response = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + api.port() + "/observe/metrics"))
                                        .header("Accept", "text/plain")
                                        .timeout(Duration.ofSeconds(20))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode());
                String text = response.body();
                System.out.println(
                        text.lines().filter(line -> line.contains("scanner_")).reduce("", (a, b) -> a + b + "\n"));

                assertSample(text, "scanner_queue_length", "platform=\"" + PLATFORM + "\"", 2);
                assertSample(text, "scanner_running_jobs", "platform=\"" + PLATFORM + "\"", 1);
                assertSample(text, "scanner_dead_jobs", "platform=\"" + PLATFORM + "\"", 1);
                assertSample(text, "scanner_queue_paused", "platform=\"" + PLATFORM + "\"", 1);
                assertTrue(value(text, "scanner_running_job_age_seconds", "platform=\"" + PLATFORM + "\"") >= 89);
                double heartbeatAge = value(text, "scanner_worker_heartbeat_age_seconds", "service=\"worker-shop\"");
                assertTrue(heartbeatAge >= 9 && heartbeatAge < 60, "heartbeat age " + heartbeatAge);
                assertSample(
                        text, "scanner_worker_resident_memory_bytes", "service=\"worker-shop\"", 120.0 * 1024 * 1024);
                assertSample(text, "scanner_worker_memory_limit_bytes", "service=\"worker-shop\"", 512.0 * 1024 * 1024);
                assertSample(
                        text,
                        "scanner_worker_memory_working_set_bytes",
                        "service=\"worker-shop\"",
                        300.5 * 1024 * 1024);
                assertSample(
                        text,
                        "scanner_worker_memory_working_set_bytes",
                        "service=\"worker-unlimited\"",
                        140.0 * 1024 * 1024);
                assertFalse(
                        text.lines()
                                .anyMatch(line -> line.startsWith("scanner_worker_memory_limit_bytes{")
                                        && line.contains("worker-unlimited")),
                        "no limit series for a worker without a limit");
                assertSample(text, "scanner_jobs_total", "status=\"completed\"", 1);
                assertSample(text, "scanner_job_duration_seconds_count", "workflow=\"wf-metrics\"", 1);
                assertSample(text, "scanner_job_wait_seconds_sum", "platform=\"" + PLATFORM + "\"", 30);
                assertSample(text, "scanner_scans_total", "outcome=\"not_found\"", 1);
                assertSample(text, "scanner_scans_total", "outcome=\"timeout\"", 1);
                assertSample(text, "scanner_scan_duration_seconds_bucket", "le=\"0.5\"", 1);
                assertSample(text, "scanner_browser_restarts_total", "platform=\"" + PLATFORM + "\"", 0);
                // exported at 0 from the start, so the first parse failures are an increase the alert sees
                assertSample(text, "scanner_scans_total", "outcome=\"parse\",platform=\"" + PLATFORM + "\"", 0);
                assertTrue(text.contains("# TYPE scanner_job_duration_seconds histogram"), "job duration histogram");
                assertTrue(text.contains("# TYPE scanner_scan_duration_seconds histogram"), "scan histogram");
                assertTrue(text.contains("# TYPE scanner_job_wait_seconds histogram"), "wait histogram");
                assertFalse(text.contains("_seconds_seconds"), "no doubled unit suffix");
                assertFalse(
                        text.lines().anyMatch(line -> line.startsWith("scanner_") && line.contains("quantile=")),
                        "histograms carry no summary quantiles");
                for (String name : namesUsedByAlertRules()) {
                    assertTrue(text.contains("\n" + name + "{"), "alerts.yml uses " + name + ", not exported");
                }
                ProductVersion build = ProductVersion.current();
                assertSample(
                        text,
                        "scanner_build_info",
                        "java=\"" + System.getProperty("java.version") + "\",revision=\""
                                + build.revision().orElse("unknown") + "\",scope=\"application\",version=\""
                                + build.version() + "\"",
                        1);
                // Helidon's system meters, plus the process meters it lacks
                assertTrue(text.lines().anyMatch(line -> line.startsWith("memory_usedHeap_bytes")), "heap");
                assertTrue(text.lines().anyMatch(line -> line.startsWith("thread_count")), "threads");
                assertTrue(value(text, "process_resident_memory_bytes", "scope") > 1e6, "resident memory");
                assertTrue(text.lines().anyMatch(line -> line.startsWith("process_cpu_seconds_total")), "CPU");
            }
        }
    }

    /** The scanner metric names alerts.yml queries; recorded series ({@code scanner:...}) are its own. */
    private static Set<String> namesUsedByAlertRules() throws IOException {
        String rules = Files.readString(MetricAlertRulesTest.repoRoot().resolve("docker/prometheus/alerts.yml"));
        Set<String> names = new TreeSet<>();
        Matcher matcher = Pattern.compile("\\bscanner_[a-z_]+\\b").matcher(rules);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        assertFalse(names.isEmpty(), "alerts.yml names no scanner metric");
        return names;
    }

    private static void assertSample(String text, String name, String label, double expected) {
        assertEquals(expected, value(text, name, label), 0.001, name + "{" + label + "}");
    }

    /** The value of the first sample of {@code name} whose labels contain {@code label}. */
    private static double value(String text, String name, String label) {
        return text.lines()
                .filter(line -> line.startsWith(name + "{") && line.contains(label))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + " with " + label + " in:\n" + text));
    }
}
