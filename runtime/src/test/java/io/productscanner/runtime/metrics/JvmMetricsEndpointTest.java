package io.productscanner.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.runtime.testing.TestRedis;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A real {@code /observe/metrics} scrape carries the JVM meters under Micrometer's Prometheus names, tags and units
 * (what community JVM dashboards query), with values that agree with the JVM's own view.
 */
class JvmMetricsEndpointTest {

    @Test
    void exportsTheJvmUnderMicrometersPrometheusNames() throws Exception {
        try (TestRedis redis = TestRedis.start()) {
            ScannerMetrics.create();
            // a collection whose notification the GC timer records: System.gc() is its cause
            System.gc();
            try (MetricsServer server = MetricsServer.start(
                    "127.0.0.1", 0, "worker-jvm", redis.connections().commands())) {
                String text = scrapeUntil(server.port(), "jvm_gc_pause_seconds_count{");
                Set<String> names = GrafanaDashboardsTest.sampleNames(text);
                for (String name : List.of(
                        "jvm_memory_used_bytes",
                        "jvm_memory_committed_bytes",
                        "jvm_memory_max_bytes",
                        "jvm_buffer_memory_used_bytes",
                        "jvm_buffer_count_buffers",
                        "jvm_buffer_total_capacity_bytes",
                        "jvm_gc_pause_seconds_count",
                        "jvm_gc_pause_seconds_sum",
                        "jvm_gc_pause_seconds_max",
                        "jvm_gc_memory_allocated_bytes_total",
                        "jvm_threads_live_threads",
                        "jvm_threads_daemon_threads",
                        "jvm_threads_peak_threads",
                        "jvm_threads_started_threads_total",
                        "jvm_threads_states_threads",
                        "jvm_classes_loaded_classes",
                        "jvm_classes_unloaded_classes_total",
                        "process_cpu_usage",
                        "system_cpu_usage",
                        "system_cpu_count",
                        "system_load_average_1m",
                        "process_uptime_seconds",
                        "process_start_time_seconds",
                        "process_files_open_files",
                        "process_files_max_files")) {
                    assertTrue(names.contains(name), name + " exported: " + names);
                }
                assertFalse(text.contains("_bytes_bytes") || text.contains("_threads_threads_"), "no doubled unit");
                assertFalse(
                        text.lines().anyMatch(line -> line.startsWith("jvm_gc_pause") && line.contains("quantile=")),
                        "the GC timer carries no client-side quantiles");

                // memory: per pool, heap and non-heap
                assertTrue(value(text, "jvm_memory_used_bytes", "area=\"heap\"") > 0, "heap used");
                assertTrue(value(text, "jvm_memory_used_bytes", "area=\"nonheap\"") > 0, "non-heap used");
                double heapMax = sum(text, "jvm_memory_max_bytes", "area=\"heap\"");
                assertTrue(heapMax > 0, "some heap pool has a maximum: " + heapMax);
                String metaspace = "id=\"Metaspace\"";
                assertTrue(value(text, "jvm_memory_used_bytes", metaspace) > 1e6, "Metaspace is a non-heap pool");
                assertTrue(
                        value(text, "jvm_memory_committed_bytes", metaspace)
                                >= value(text, "jvm_memory_used_bytes", metaspace),
                        "committed covers used");
                assertTrue(value(text, "jvm_buffer_count_buffers", "id=\"direct\"") >= 0, "direct buffers");

                // garbage collection: the System.gc() above, with Micrometer's tags
                String systemGc = "cause=\"System.gc()\"";
                assertTrue(value(text, "jvm_gc_pause_seconds_count", systemGc) >= 1, "System.gc() counted");
                String pause = sampleLine(text, "jvm_gc_pause_seconds_count", systemGc);
                assertTrue(pause.contains("action=\"") && pause.contains("gc=\""), pause);
                assertTrue(value(text, "jvm_gc_pause_seconds_sum", systemGc) >= 0, "pause time");
                assertTrue(value(text, "jvm_gc_memory_allocated_bytes_total", "") > 1e6, "allocated bytes");

                // threads and classes agree with the JVM
                double live = value(text, "jvm_threads_live_threads", "");
                assertTrue(live >= 1 && live <= value(text, "jvm_threads_peak_threads", ""), "live <= peak");
                assertTrue(value(text, "jvm_threads_daemon_threads", "") <= live, "daemon <= live");
                Set<String> states = new TreeSet<>();
                text.lines()
                        .filter(line -> line.startsWith("jvm_threads_states_threads{"))
                        .forEach(line -> states.add(line.replaceAll(".*state=\"([a-z-]+)\".*", "$1")));
                assertEquals(
                        Set.of("new", "runnable", "blocked", "waiting", "timed-waiting", "terminated"),
                        states,
                        "a series per thread state, in Micrometer's spelling");
                assertTrue(value(text, "jvm_threads_states_threads", "state=\"runnable\"") >= 1, "this thread runs");
                assertTrue(value(text, "jvm_classes_loaded_classes", "") > 1000, "classes loaded");

                // process and system
                assertEquals(Runtime.getRuntime().availableProcessors(), value(text, "system_cpu_count", ""), 0.0);
                double startTime = value(text, "process_start_time_seconds", "");
                assertEquals(
                        ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0,
                        startTime,
                        0.001,
                        "start time in seconds since the epoch");
                assertTrue(startTime < Instant.now().getEpochSecond(), "started in the past");
                assertTrue(value(text, "process_uptime_seconds", "") > 0, "uptime in seconds");
                double cpu = value(text, "process_cpu_usage", "");
                assertTrue(Double.isNaN(cpu) || (cpu >= 0 && cpu <= 1), "process CPU is a share: " + cpu);
                double openFiles = value(text, "process_files_open_files", "");
                assertTrue(
                        openFiles > 0 && openFiles <= value(text, "process_files_max_files", ""),
                        "open files within the limit");

                // Helidon's own system meters stay, under their names
                assertTrue(text.lines().anyMatch(line -> line.startsWith("memory_usedHeap_bytes")), "Helidon heap");
            }
        }
    }

    /** Scrapes until a sample appears: the GC notification is delivered on a JMX thread after System.gc(). */
    private static String scrapeUntil(int port, String sample) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        String text = "";
        for (int attempt = 0; attempt < 100 && !text.contains(sample); attempt++) {
            if (attempt > 0) {
                Thread.sleep(100);
            }
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/metrics"))
                            .header("Accept", "text/plain")
                            .timeout(Duration.ofSeconds(20))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            text = response.body();
        }
        return text;
    }

    private static String sampleLine(String text, String name, String label) {
        return text.lines()
                .filter(line -> (line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(label))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + " with " + label + " in:\n" + text));
    }

    private static double value(String text, String name, String label) {
        String line = sampleLine(text, name, label);
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private static double sum(String text, String name, String label) {
        return text.lines()
                .filter(line -> line.startsWith(name + "{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .filter(v -> v > 0)
                .sum();
    }
}
