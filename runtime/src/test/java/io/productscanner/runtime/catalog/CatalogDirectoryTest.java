package io.productscanner.runtime.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.ScannerProcess;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.redis.EmbeddedRedis;
import io.productscanner.runtime.redis.RedisConnections;
import io.productscanner.runtime.redis.RedisKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code params.catalog_file} through a real {@code serve} process in this JVM (Helidon API, worker, real Redis,
 * files on disk) running a workflow whose only node is the real {@code fetch_product}: only files in
 * {@code CATALOG_DIR} are read, every other name is refused in the same words whether it exists or not, by the API
 * at submit, by the schedules API, and by the worker before it reads.
 */
class CatalogDirectoryTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String WORKFLOW = "catalog-check-v1";
    private static final String CATALOG_CSV = """
            product_set_id,link_url,product_name
            ps-1,https://shop.example/products/1,one
            ps-2,https://shop.example/products/2,two
            """;

    @TempDir
    static Path root;

    private static EmbeddedRedis server;
    private static RedisConnections redis;
    private static RedisKeys keys;
    private static Path catalogs;
    private static Path outside;
    private static ScannerProcess serve;

    @BeforeAll
    static void start() throws Exception {
        catalogs = Files.createDirectories(root.resolve("catalogs"));
        outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(catalogs.resolve("inside.csv"), CATALOG_CSV);
        Files.writeString(catalogs.resolve("no-link-url.csv"), "secret_column,other_secret\nx,y\n");
        Files.writeString(outside.resolve("secret.csv"), CATALOG_CSV);
        Files.createSymbolicLink(catalogs.resolve("escape.csv"), outside.resolve("secret.csv"));
        Path workflows = Files.createDirectories(root.resolve("workflows"));
        Files.writeString(workflows.resolve("catalog-check.json"), """
                {"workflow_id": "%s", "defaults": {"link_url_pattern": ""}, "start_node": "fetch",
                 "nodes": {"fetch": {"type": "fetch_product",
                                     "config": {"link_url_pattern": "${link_url_pattern}"}}}}""".formatted(WORKFLOW));
        server = EmbeddedRedis.start(EmbeddedRedis.Options.throwaway());
        redis = RedisConnections.connect(server.uri());
        keys = new RedisKeys("cat-" + UUID.randomUUID().toString().substring(0, 8) + ":");
        serve = ScannerProcess.start(settings("serve-under-test", catalogs), ScannerProcess.Role.ALL);
    }

    private static Settings settings(String service, Path catalogDir) throws Exception {
        Map<String, String> values = new HashMap<>(Map.of(
                "REDIS_URL", server.url(),
                "REDIS_KEY_PREFIX", keys.prefix(),
                "SERVICE_NAME", service,
                "HOST", "127.0.0.1",
                "PORT", "0",
                "PLUGIN_DIR", Files.createDirectories(root.resolve("plugins")).toString(),
                "WORKER_PLATFORMS", "default",
                "WORKFLOWS_DIR", root.resolve("workflows").toString(),
                "RESULTS_DIR", root.resolve("results").toString(),
                "CATALOG_DIR", catalogDir.toString()));
        values.put("MAX_ATTEMPTS", "1");
        return Settings.of(values);
    }

    @AfterAll
    static void stop() {
        if (serve != null) {
            serve.close();
        }
        redis.close();
        server.close();
    }

    private static HttpResponse<String> send(ScannerProcess process, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + process.apiPort().orElseThrow() + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> submit(ScannerProcess process, String catalogFile, String pattern)
            throws Exception {
        ObjectNode body = Json.MAPPER.createObjectNode().put("workflow_id", WORKFLOW);
        body.putObject("params").put("catalog_file", catalogFile).put("link_url_pattern", pattern);
        return send(process, "POST", "/api/v2/workflows/execute", Json.write(body));
    }

    private static JsonNode awaitFinished(String jobId) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = Json.read(
                            send(serve, "GET", "/api/v2/jobs/" + jobId, null).body())
                    .path("data");
            if (List.of("completed", "failed", "cancelled")
                    .contains(job.path("status").asText())) {
                return job;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + jobId + " did not finish");
    }

    private static long storedJobs() {
        return redis.commands().zcard(keys.jobIndex());
    }

    private static JsonNode error(HttpResponse<String> response) {
        JsonNode body = Json.read(response.body());
        assertFalse(body.path("success").asBoolean(true), response.body());
        return body.path("error");
    }

    @Test
    void aFileInTheCatalogDirectoryIsReadByItsRelativeOrAbsoluteName() throws Exception {
        for (String name : List.of("inside.csv", catalogs.resolve("inside.csv").toString(), "./inside.csv")) {
            HttpResponse<String> accepted = submit(serve, name, "%");
            assertEquals(202, accepted.statusCode(), accepted.body());
            JsonNode job = awaitFinished(
                    Json.read(accepted.body()).path("data").path("job_id").asText());
            assertEquals("completed", job.path("status").asText(), job.toString());
        }
    }

    @Test
    void everyNameOutsideTheDirectoryIsRefusedInTheSameWordsWhetherTheFileExistsOrNot() throws Exception {
        long jobsBefore = storedJobs();
        List<String> names = List.of(
                outside.resolve("secret.csv").toString(), // exists
                outside.resolve("missing.csv").toString(), // does not
                "../outside/secret.csv",
                "../outside/missing.csv",
                "escape.csv", // a symlink in the directory to a file outside it
                "missing.csv",
                "sub/../../outside/secret.csv",
                catalogs.resolve("..").resolve("outside").resolve("secret.csv").toString(),
                "/etc/passwd.csv",
                "/proc/self/environ.csv",
                "/dev/zero.csv",
                "/" + "a/".repeat(3000) + "x.csv",
                ".",
                "..",
                ".csv");
        JsonNode first = null;
        for (String name : names) {
            HttpResponse<String> refused = submit(serve, name, "%");
            assertEquals(400, refused.statusCode(), name + ": " + refused.body());
            JsonNode error = error(refused);
            assertEquals("params.catalog_file", error.path("field").asText(), refused.body());
            if (name.endsWith(".csv")) {
                first = first == null ? error : first;
                assertEquals(first, error, name + " is refused in other words than " + names.getFirst());
            }
        }
        assertEquals(
                "params.catalog_file " + CatalogDirectory.REFUSED,
                first.path("message").asText());
        assertEquals(jobsBefore, storedJobs(), "nothing queued");
    }

    @Test
    void controlCharactersInTheNameAreA400NotA500() throws Exception {
        for (String name : List.of(
                "a\u0000.csv",
                "catalog.csv\u0000.png",
                "x.csv\nforged=line event=catalog.read",
                "inside.csv\r",
                "\u001b[2Jinside.csv")) {
            HttpResponse<String> refused = submit(serve, name, "%");
            assertEquals(400, refused.statusCode(), refused.body());
            assertEquals("params.catalog_file", error(refused).path("field").asText(), refused.body());
        }
    }

    @Test
    void aCsvWithoutLinkUrlFailsTheJobWithoutEchoingItsHeader() throws Exception {
        HttpResponse<String> accepted = submit(serve, "no-link-url.csv", "%");
        assertEquals(202, accepted.statusCode(), accepted.body());

        JsonNode job = awaitFinished(
                Json.read(accepted.body()).path("data").path("job_id").asText());

        assertEquals("failed", job.path("status").asText(), job.toString());
        String failure = job.path("error").asText();
        assertTrue(failure.contains("catalog file no-link-url.csv line 1: the header has no link_url column"), failure);
        assertFalse(failure.contains("secret_column") || failure.contains(catalogs.toString()), failure);
    }

    @Test
    void aWorkerRefusesAFileOutsideItsOwnCatalogDirectoryThatAnotherApiAccepted() throws Exception {
        // a careless operator's second API, whose CATALOG_DIR is where the secret lies; only serve has workers
        try (ScannerProcess api = ScannerProcess.start(settings("api-elsewhere", outside), ScannerProcess.Role.API)) {
            HttpResponse<String> accepted =
                    submit(api, outside.resolve("secret.csv").toString(), "%");
            assertEquals(202, accepted.statusCode(), accepted.body());

            JsonNode job = awaitFinished(
                    Json.read(accepted.body()).path("data").path("job_id").asText());

            assertEquals("failed", job.path("status").asText(), job.toString());
            assertEquals(
                    "node 'fetch': params.catalog_file " + CatalogDirectory.REFUSED,
                    job.path("error").asText());
        }
    }

    @Test
    void schedulesRefuseACatalogFileOutsideTheDirectoryWhenCreatedOrReplaced() throws Exception {
        String secret = Json.write(outside.resolve("secret.csv").toString());
        HttpResponse<String> created = send(serve, "POST", "/api/v2/schedules", """
                {"id": "outside", "workflow_id": "%s", "cron": "0 3 * * *",
                 "params": {"catalog_file": %s, "link_url_pattern": "%%"}}""".formatted(WORKFLOW, secret));
        assertEquals(400, created.statusCode(), created.body());
        assertEquals("params.catalog_file", error(created).path("field").asText());
        assertEquals(
                "params.catalog_file " + CatalogDirectory.REFUSED,
                error(created).path("message").asText());

        HttpResponse<String> rotated = send(serve, "POST", "/api/v2/schedules", """
                {"id": "rotated", "workflow_id": "%s", "when_idle": {"param_sets": [
                  {"catalog_file": "inside.csv"}, {"catalog_file": "../outside/secret.csv", "weight": 2}]}}""".formatted(WORKFLOW));
        assertEquals(400, rotated.statusCode(), rotated.body());
        assertEquals(
                "when_idle.param_sets[1].catalog_file",
                error(rotated).path("field").asText(),
                rotated.body());

        HttpResponse<String> good = send(serve, "POST", "/api/v2/schedules", """
                {"id": "inside", "workflow_id": "%s", "cron": "0 3 * * *", "params": {"catalog_file": "inside.csv"}}""".formatted(WORKFLOW));
        assertEquals(201, good.statusCode(), good.body());
        HttpResponse<String> replaced = send(serve, "PUT", "/api/v2/schedules/inside", """
                {"workflow_id": "%s", "cron": "0 3 * * *", "params": {"catalog_file": "escape.csv"}}""".formatted(WORKFLOW));
        assertEquals(400, replaced.statusCode(), replaced.body());
        assertEquals("params.catalog_file", error(replaced).path("field").asText());

        JsonNode stored = Json.read(
                        send(serve, "GET", "/api/v2/schedules/inside", null).body())
                .path("data");
        assertEquals(
                "inside.csv", stored.path("params").path("catalog_file").asText(), "the refused PUT changed nothing");
        JsonNode all =
                Json.read(send(serve, "GET", "/api/v2/schedules", null).body()).path("data");
        assertEquals(1, all.path("count").asInt(), all.toString());
        assertEquals(
                200, send(serve, "DELETE", "/api/v2/schedules/inside", null).statusCode());
    }
}
