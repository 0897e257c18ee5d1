package io.productscanner.runtime.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.ScannerProcess;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.redis.EmbeddedRedis;
import io.productscanner.runtime.redis.RedisConnections;
import io.productscanner.runtime.redis.RedisKeys;
import io.productscanner.runtime.version.ProductVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v2/workers} through the real Helidon API of a real {@code api} process, over a real Redis, next
 * to the heartbeat of a (simulated) busy worker process.
 */
class HeartbeatApiTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String API_SERVICE = "api-under-test";
    private static final Set<String> WORKER_FIELDS = new TreeSet<>(List.of(
            "service",
            "role",
            "status",
            "platforms",
            "plugins",
            "current_jobs",
            "age_seconds",
            "uptime_seconds",
            "rss_mb",
            "working_set_mb",
            "memory_limit_mb",
            "heap_used_mb",
            "hostname",
            "pid",
            "version",
            "started_at",
            "written_at"));

    @TempDir
    static Path root;

    private static EmbeddedRedis server;
    private static RedisConnections redis;
    private static RedisKeys keys;
    private static ScannerProcess process;

    @BeforeAll
    static void startApiProcess() throws Exception {
        server = EmbeddedRedis.start(EmbeddedRedis.Options.throwaway());
        redis = RedisConnections.connect(server.uri());
        keys = new RedisKeys("hb-" + UUID.randomUUID().toString().substring(0, 8) + ":");
        process = ScannerProcess.start(
                Settings.of(Map.of(
                        "REDIS_URL", server.url(),
                        "REDIS_KEY_PREFIX", keys.prefix(),
                        "SERVICE_NAME", API_SERVICE,
                        "HOST", "127.0.0.1",
                        "PORT", "0",
                        "PLUGIN_DIR",
                                Files.createDirectories(root.resolve("plugins")).toString(),
                        "WORKFLOWS_DIR",
                                Files.createDirectories(root.resolve("workflows"))
                                        .toString(),
                        "RESULTS_DIR", root.resolve("results").toString())),
                ScannerProcess.Role.API);
    }

    @AfterAll
    static void stop() {
        if (process != null) {
            process.close();
        }
        redis.close();
        server.close();
    }

    @Test
    void theApiListsItselfAndABusyWorkerWithTheirAgeAndDropsTheWorkerOnceItStops() throws Exception {
        String jobId = UUID.randomUUID().toString();
        Heartbeat worker = new Heartbeat(
                redis.commands(),
                keys,
                ProcessIdentity.thisProcess(
                        "worker-musinsa",
                        "worker",
                        List.of("musinsa"),
                        List.of(new PluginVersion("musinsa", "0.1.0-SNAPSHOT", "1.0"))),
                CgroupMemory.ofThisProcess(),
                Duration.ofMillis(100),
                Duration.ofSeconds(30),
                Clock.systemUTC());
        try (worker) {
            worker.start(() -> List.of(new CurrentJob(jobId, "musinsa")));
            JsonNode data = awaitWorkers(2);

            assertTrue(getJson("/api/v2/workers").path("success").asBoolean());
            assertEquals(2, data.path("summary").path("count").asInt());
            JsonNode api = data.path("workers").get(0);
            JsonNode busy = data.path("workers").get(1);
            for (JsonNode listed : List.of(api, busy)) {
                assertEquals(WORKER_FIELDS, fieldNames(listed));
                double age = listed.path("age_seconds").asDouble(-1);
                assertTrue(age >= 0 && age <= 30, "age " + age);
                assertTrue(listed.path("heap_used_mb").asDouble() > 0);
                assertEquals(ProcessHandle.current().pid(), listed.path("pid").asLong());
                // the build each process runs, from the version Maven wrote into build.properties
                assertEquals(
                        ProductVersion.current().describe(),
                        listed.path("version").asText());
            }
            assertTrue(
                    ProductVersion.current().version().matches("\\d+\\.\\d+\\.\\d+.*"),
                    ProductVersion.current().toString());
            assertEquals(
                    ProductVersion.current().describe(),
                    data.path("summary").path("api_version").asText());
            assertEquals(API_SERVICE, api.path("service").asText());
            assertEquals("api", api.path("role").asText());
            assertEquals("idle", api.path("status").asText());
            assertTrue(
                    api.path("platforms").isEmpty() && api.path("current_jobs").isEmpty());
            // its plugin directory is empty: it loaded none, which is not the same as not saying
            assertTrue(api.path("plugins").isArray() && api.path("plugins").isEmpty(), api.toString());

            assertEquals("worker-musinsa", busy.path("service").asText());
            assertEquals("worker", busy.path("role").asText());
            assertEquals("busy", busy.path("status").asText());
            assertEquals("musinsa", busy.path("platforms").get(0).asText());
            assertEquals(
                    Json.read("[{\"id\":\"musinsa\",\"version\":\"0.1.0-SNAPSHOT\",\"spi\":\"1.0\"}]"),
                    busy.path("plugins"));
            assertEquals(
                    Json.read("[{\"job_id\":\"" + jobId + "\",\"platform\":\"musinsa\"}]"), busy.path("current_jobs"));
        }

        JsonNode after = awaitWorkers(1);
        assertEquals(API_SERVICE, after.path("workers").get(0).path("service").asText());
    }

    @Test
    void aWorkersContainerMemoryLimitAndWorkingSetShowInTheWorkerListAndTheApisMetrics() throws Exception {
        // the worker runs in the 300 MiB container of the v1 capture, with 62926848 of its 66056192 bytes file cache
        CgroupTrees container = new CgroupTrees(root.resolve("container")).v1Container("314572800");
        Heartbeat worker = new Heartbeat(
                redis.commands(),
                keys,
                ProcessIdentity.thisProcess("worker-limited", "worker", List.of("musinsa"), List.of()),
                container.reader(),
                Duration.ofMillis(100),
                Duration.ofSeconds(30),
                Clock.systemUTC());
        try (worker) {
            worker.start(CurrentJobs.NONE);
            JsonNode listed = awaitListed("worker-limited");

            assertEquals(300.0, listed.path("memory_limit_mb").asDouble());
            assertEquals(3.0, listed.path("working_set_mb").asDouble(), "(66056192 - 62926848) bytes in MiB");
            assertTrue(listed.path("rss_mb").asDouble() > 0);

            // the API reads heartbeats into its gauges every 5 s
            String limit = awaitMetric("scanner_worker_memory_limit_bytes", "service=\"worker-limited\"");
            assertEquals(314572800.0, Double.parseDouble(limit.substring(limit.lastIndexOf(' ') + 1)), limit);
            String workingSet = awaitMetric("scanner_worker_memory_working_set_bytes", "service=\"worker-limited\"");
            assertEquals(3.0 * 1024 * 1024, Double.parseDouble(workingSet.substring(workingSet.lastIndexOf(' ') + 1)));
        }
    }

    @Test
    void aStoppedProcessRemovesItsOwnHeartbeat() throws Exception {
        Path other = Files.createDirectories(root.resolve("second"));
        String service = "api-stopping";
        ScannerProcess second = ScannerProcess.start(
                Settings.of(Map.of(
                        "REDIS_URL", server.url(),
                        "REDIS_KEY_PREFIX", keys.prefix(),
                        "SERVICE_NAME", service,
                        "HOST", "127.0.0.1",
                        "PORT", "0",
                        "PLUGIN_DIR",
                                Files.createDirectories(other.resolve("plugins"))
                                        .toString(),
                        "WORKFLOWS_DIR",
                                Files.createDirectories(other.resolve("workflows"))
                                        .toString(),
                        "RESULTS_DIR", other.resolve("results").toString())),
                ScannerProcess.Role.API);
        try {
            awaitKey(service, true);
        } finally {
            second.close();
        }
        assertEquals(0, redis.commands().exists(keys.heartbeat(service)), "removed on a clean close");
    }

    private static void awaitKey(String service, boolean present) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((redis.commands().exists(keys.heartbeat(service)) == 1) != present) {
            assertTrue(System.nanoTime() < deadline, "heartbeat of " + service + " never appeared");
            Thread.sleep(20);
        }
    }

    /** The {@code data} of the worker list once it holds {@code count} processes. */
    private static JsonNode awaitWorkers(int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            JsonNode data = getJson("/api/v2/workers").path("data");
            if (data.path("workers").size() == count) {
                return data;
            }
            assertTrue(System.nanoTime() < deadline, "expected " + count + " workers, the API lists " + data);
            Thread.sleep(50);
        }
    }

    /** The worker list's entry of {@code service} once it is listed. */
    private static JsonNode awaitListed(String service) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            for (JsonNode worker : getJson("/api/v2/workers").path("data").path("workers")) {
                if (worker.path("service").asText().equals(service)) {
                    return worker;
                }
            }
            assertTrue(System.nanoTime() < deadline, service + " never listed");
            Thread.sleep(50);
        }
    }

    /** The first sample line of {@code name} with {@code label} in the API's /observe/metrics, once there. */
    private static String awaitMetric(String name, String label) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            String text = get("/observe/metrics");
            var sample = text.lines()
                    .filter(line -> line.startsWith(name + "{") && line.contains(label))
                    .findFirst();
            if (sample.isPresent()) {
                return sample.get();
            }
            assertTrue(System.nanoTime() < deadline, "no " + name + " with " + label + " in:\n" + text);
            Thread.sleep(200);
        }
    }

    private static JsonNode getJson(String path) throws Exception {
        return Json.read(get(path));
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + process.apiPort().orElseThrow() + path))
                        // Prometheus text from /observe/metrics; the API answers JSON whatever is accepted
                        .header("Accept", "text/plain, application/json")
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static Set<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return new TreeSet<>(names);
    }
}
