package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} with {@code LOG_FORMAT=json}, read from its real output: every line it writes (ours, Helidon's,
 * Lettuce's) is one Elastic Common Schema object with typed values, and each API request has its access line,
 * named by route template and caller, and is counted in {@code http_server_requests_seconds}. With
 * {@code ACCESS_LOG=off} no access line is written.
 */
class JsonLogsAndAccessLogTest {
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    void everyLineIsAnEcsObjectAndEachRequestHasItsAccessLine() throws Exception {
        String output;
        String jobId;
        String metrics;
        try (MirroredServe serving = MirroredServe.start(
                MirroredServe.FIXTURES,
                work,
                Map.of("MUSINSA_PACING_MS", "0", "LOG_FORMAT", "json", "SERVICE_NAME", "ecs-serve"))) {
            Api.Reply submitted = serving.api().post("/api/v2/workflows/execute", """
                    {"workflow_id": "musinsa-validation-v2", "params": {"products": [
                      {"url": "https://www.musinsa.com/products/3674341", "product_set_id": "ps-1"},
                      {"url": "https://www.musinsa.com/products/1000001"}]}}""");
            assertEquals(202, submitted.status(), submitted.raw());
            jobId = submitted.body().path("data").path("job_id").asText();
            JsonNode job = serving.api().awaitFinished(jobId, Duration.ofSeconds(60));
            assertEquals("completed", job.path("status").asText(), job.toString());

            String api = "http://127.0.0.1:" + serving.port();
            var cli = ScannerProcessHandle.run(Map.of("API_URL", api), Duration.ofSeconds(60), "workers");
            assertEquals(0, cli.exitCode(), cli.output());
            HttpResponse<String> script = HTTP.send(
                    HttpRequest.newBuilder(URI.create(api + "/console/app.js"))
                            .header("Sec-Fetch-Site", "same-origin")
                            .header("Sec-Fetch-Mode", "cors")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, script.statusCode());
            assertEquals(
                    404, serving.api().get("/api/v2/no-such-thing/" + jobId).status());
            metrics = serving.api().get("/observe/metrics").raw();
            serving.server().stop(); // the access log writes what it holds before the process ends
            output = serving.server().output();
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.lines().toList()) {
            JsonNode event = Api.JSON.readTree(line);
            assertTrue(event.isObject(), line);
            assertEcsBase(event, "ecs-serve", line);
            lines.add(event);
        }
        assertTrue(
                lines.stream().anyMatch(l -> l.path("log.logger").asText().startsWith("io.helidon")),
                "Helidon's own lines are ECS lines too:\n" + output);

        JsonNode finished = only(lines, "job.finished", jobId);
        assertEquals("musinsa", finished.path("platform").asText());
        assertEquals("completed", finished.path("status").asText());
        assertTrue(finished.path("duration_ms").isIntegralNumber(), "a duration is a number: " + finished);

        JsonNode status = access(lines, "GET", "/api/v2/jobs/{id}");
        assertEquals(jobId, status.path("job_id").asText(), status.toString());
        assertEquals(200, status.path("status").asInt());
        assertTrue(status.path("status").isInt() && status.path("bytes").isIntegralNumber(), status.toString());
        assertTrue(status.path("duration_ms").isNumber(), status.toString());
        assertEquals("other", status.path("caller").asText());
        assertEquals("io.productscanner.access", status.path("log.logger").asText());
        assertEquals(
                202,
                access(lines, "POST", "/api/v2/workflows/execute")
                        .path("status")
                        .asInt());
        assertEquals(
                "cli", access(lines, "GET", "/api/v2/workers").path("caller").asText());
        assertEquals(
                "console", access(lines, "GET", "/console/*").path("caller").asText());
        assertEquals(404, access(lines, "GET", "NOT_FOUND").path("status").asInt());
        assertFalse(
                lines.stream().anyMatch(l -> l.path("route").asText().contains("no-such-thing")),
                "no raw path in a route");

        assertTrue(
                metrics.lines()
                        .anyMatch(line -> line.startsWith("http_server_requests_seconds_count{")
                                && line.contains("method=\"POST\"")
                                && line.contains("status=\"202\"")
                                && line.contains("outcome=\"SUCCESS\"")
                                && line.contains("uri=\"/api/v2/workflows/execute\"")),
                metrics);
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("scanner_build_info{")), metrics);
    }

    @Test
    void accessLogOffWritesNoAccessLines() throws Exception {
        String output;
        try (MirroredServe serving =
                MirroredServe.start(MirroredServe.FIXTURES, work, Map.of("LOG_FORMAT", "json", "ACCESS_LOG", "off"))) {
            assertEquals(200, serving.api().get("/api/v2/workers").status());
            serving.server().stop();
            output = serving.server().output();
        }
        List<String> lines = output.lines().toList();
        for (String line : lines) {
            assertEcsBase(Api.JSON.readTree(line), "product-scanner", line);
        }
        assertTrue(lines.stream().anyMatch(line -> line.contains("\"api.listening\"")), output);
        assertFalse(lines.stream().anyMatch(line -> line.contains("\"http.request\"")), output);
    }

    /** The fields every line has, with their types; no trace ids, tracing being off. */
    private static void assertEcsBase(JsonNode event, String service, String line) {
        String timestamp = event.path("@timestamp").asText();
        assertTrue(timestamp.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3,9}Z"), line);
        Instant.parse(timestamp);
        assertTrue(LEVELS.contains(event.path("log.level").asText()), line);
        assertTrue(event.path("message").isTextual(), line);
        assertEquals("8.11", event.path("ecs.version").asText(), line);
        assertEquals(service, event.path("service.name").asText(), line);
        assertFalse(event.path("service.version").asText().isBlank(), line);
        assertFalse(event.path("log.logger").asText().isBlank(), line);
        assertFalse(event.path("process.thread.name").asText().isBlank(), line);
        assertFalse(event.has("trace.id") || event.has("span.id"), line);
        for (String key : List.of("time", "level", "service", "logger", "event")) {
            assertFalse(event.has(key), "no old or clashing name " + key + ": " + line);
        }
    }

    private static JsonNode only(List<JsonNode> lines, String action, String jobId) {
        List<JsonNode> found = lines.stream()
                .filter(l -> l.path("event.action").asText().equals(action))
                .filter(l -> l.path("job_id").asText().equals(jobId))
                .toList();
        assertEquals(1, found.size(), action + " " + jobId + ": " + found);
        return found.getFirst();
    }

    private static JsonNode access(List<JsonNode> lines, String method, String route) {
        return lines.stream()
                .filter(l -> l.path("event.action").asText().equals("http.request"))
                .filter(l -> l.path("method").asText().equals(method))
                .filter(l -> l.path("route").asText().equals(route))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no access line for " + method + " " + route + " in " + lines));
    }
}
