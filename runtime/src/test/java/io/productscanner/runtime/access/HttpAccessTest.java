package io.productscanner.runtime.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.api.ApiServer;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.logging.LoggingConfig;
import io.productscanner.runtime.logging.StructuredLogFormatter;
import io.productscanner.runtime.testing.TestApi;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real requests to a real API: each gets an access line naming its route template (never the raw path with its
 * ids), status, duration, bytes and caller kind, and is counted in {@code http_server_requests_seconds} by route
 * and status on the real {@code /observe/metrics}.
 */
class HttpAccessTest {
    private static final Logger ACCESS = Logger.getLogger(LoggingConfig.ACCESS_LOGGER);
    private static final String JOB_ID = "019ad0c1-0000-7000-8000-00000000abcd";

    @TempDir
    Path root;

    @Test
    void eachRequestIsLoggedByRouteTemplateAndCountedByRouteAndStatus() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamHandler handler =
                new StreamHandler(out, new StructuredLogFormatter(StructuredLogFormatter.Format.JSON, "api"));
        handler.setLevel(Level.ALL);
        try (TestApi api = TestApi.in(root).start()) {
            // once the server runs: Helidon's start reads the logging configuration, which drops added handlers
            ACCESS.addHandler(handler);
            // the meters are the JVM's: other tests' requests may have counted before this one's
            String before = api.get("/observe/metrics").body();
            HttpResponse<String> job = api.get("/api/v2/jobs/" + JOB_ID);
            assertEquals(404, job.statusCode(), job.body());
            HttpResponse<String> workers = api.get("/api/v2/workers", CallerKind.CLIENT_HEADER, "console");
            assertEquals(200, workers.statusCode(), workers.body());
            HttpResponse<String> restart = api.send(HttpRequest.newBuilder(api.uri("/api/v2/workers/kurly/restart"))
                    .header("User-Agent", "product-scanner/0.1.0")
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(404, restart.statusCode(), restart.body());
            HttpResponse<String> unrouted = api.get("/api/v2/no/such/thing/42");
            assertEquals(404, unrouted.statusCode(), unrouted.body());
            HttpResponse<String> page = api.get("/console/", "User-Agent", "Mozilla/5.0 (X11; Linux x86_64)");
            assertEquals(200, page.statusCode());

            List<JsonNode> lines = awaitLines(handler, out, 6); // the five requests and the first metrics read
            JsonNode jobLine = line(lines, "/api/v2/jobs/{id}");
            assertEquals("GET", jobLine.path("method").asText());
            assertEquals(404, jobLine.path("status").asInt());
            assertTrue(jobLine.path("status").isInt(), jobLine.toString());
            assertTrue(jobLine.path("duration_ms").isNumber(), jobLine.toString());
            assertTrue(jobLine.path("duration_ms").asDouble() > 0, jobLine.toString());
            assertTrue(
                    jobLine.path("bytes").isIntegralNumber()
                            && jobLine.path("bytes").asLong() > 0,
                    jobLine.toString());
            assertEquals(JOB_ID, jobLine.path("job_id").asText());
            assertEquals("other", jobLine.path("caller").asText());
            assertEquals("http.request", jobLine.path("event.action").asText());
            assertEquals(LoggingConfig.ACCESS_LOGGER, jobLine.path("log.logger").asText());
            assertFalse(jobLine.has("trace.id"), "tracing is off: " + jobLine);

            assertEquals(
                    "console", line(lines, "/api/v2/workers").path("caller").asText());
            JsonNode restartLine = line(lines, "/api/v2/workers/{platform}/restart");
            assertEquals("cli", restartLine.path("caller").asText());
            assertEquals("kurly", restartLine.path("platform").asText());
            assertEquals("POST", restartLine.path("method").asText());
            assertEquals(404, line(lines, "NOT_FOUND").path("status").asInt());
            assertEquals("browser", line(lines, "/console/*").path("caller").asText());
            for (JsonNode line : lines) {
                assertFalse(line.path("route").asText().contains(JOB_ID), "no raw ids in a route: " + line);
                assertFalse(line.path("route").asText().contains("42"), line.toString());
            }

            String metrics = api.get("/observe/metrics").body();
            assertEquals(
                    1.0,
                    added(
                            before,
                            metrics,
                            "http_server_requests_seconds_count",
                            "GET",
                            "/api/v2/jobs/{id}",
                            "404",
                            "CLIENT_ERROR"),
                    metrics);
            assertEquals(
                    1.0,
                    added(
                            before,
                            metrics,
                            "http_server_requests_seconds_count",
                            "GET",
                            "/api/v2/workers",
                            "200",
                            "SUCCESS"),
                    metrics);
            assertEquals(
                    1.0,
                    added(
                            before,
                            metrics,
                            "http_server_requests_seconds_count",
                            "GET",
                            "NOT_FOUND",
                            "404",
                            "CLIENT_ERROR"),
                    metrics);
            assertEquals(
                    1.0,
                    added(
                            before,
                            metrics,
                            "http_server_requests_seconds_bucket",
                            "POST",
                            "/api/v2/workers/{platform}/restart",
                            "404",
                            "CLIENT_ERROR",
                            "le=\"+Inf\""),
                    metrics);
            assertTrue(
                    added(
                                    before,
                                    metrics,
                                    "http_server_requests_seconds_sum",
                                    "GET",
                                    "/api/v2/jobs/{id}",
                                    "404",
                                    "CLIENT_ERROR")
                            > 0,
                    metrics);
            assertFalse(metrics.contains(JOB_ID), "no raw ids in the metrics");
        } finally {
            ACCESS.removeHandler(handler);
        }
    }

    @Test
    void aRequestRefusedBeforeRoutingIsCountedAsUnknownNotAsItsPath() throws Exception {
        String token = "a-token-of-twenty-four-chars";
        try (TestApi api = TestApi.in(root)
                .listening(deps -> ApiServer.start("127.0.0.1", 0, Optional.of(token), deps))
                .start()) {
            String before = api.get("/observe/metrics").body();
            HttpResponse<String> refused = api.get("/api/v2/jobs/" + JOB_ID);
            assertEquals(401, refused.statusCode(), refused.body());
            HttpResponse<String> answered = api.get("/api/v2/jobs/" + JOB_ID, "Authorization", "Bearer " + token);
            assertEquals(404, answered.statusCode(), answered.body());
            String metrics = api.get("/observe/metrics").body();
            assertEquals(
                    1.0,
                    added(
                            before,
                            metrics,
                            "http_server_requests_seconds_count",
                            "GET",
                            "UNKNOWN",
                            "401",
                            "CLIENT_ERROR"),
                    metrics);
            assertEquals(
                    1.0,
                    added(
                            before,
                            metrics,
                            "http_server_requests_seconds_count",
                            "GET",
                            "/api/v2/jobs/{id}",
                            "404",
                            "CLIENT_ERROR"),
                    metrics);
        }
    }

    /** How much the sample grew from {@code before} to {@code after} (a sample not yet there counts 0). */
    private static double added(
            String before,
            String after,
            String name,
            String method,
            String uri,
            String status,
            String outcome,
            String... more) {
        return sample(after, name, method, uri, status, outcome, more).orElseThrow(() -> new AssertionError(after))
                - sample(before, name, method, uri, status, outcome, more).orElse(0.0);
    }

    /** The value of the one sample of {@code name} with these labels, whatever other labels Helidon adds. */
    private static Optional<Double> sample(
            String metrics, String name, String method, String uri, String status, String outcome, String... more) {
        List<String> labels = new ArrayList<>(List.of(
                "method=\"" + method + "\"",
                "uri=\"" + uri + "\"",
                "status=\"" + status + "\"",
                "outcome=\"" + outcome + "\""));
        labels.addAll(List.of(more));
        List<String> found = metrics.lines()
                .filter(line -> line.startsWith(name + "{"))
                .filter(line -> labels.stream().allMatch(line::contains))
                .toList();
        assertTrue(found.size() <= 1, name + " " + labels + ": " + found);
        return found.stream().findFirst().map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
    }

    private static JsonNode line(List<JsonNode> lines, String route) {
        return lines.stream()
                .filter(line -> line.path("route").asText().equals(route))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no access line for " + route + " in " + lines));
    }

    /** The access log writes on a thread of its own: its lines come soon after the answers, not with them. */
    private static List<JsonNode> awaitLines(StreamHandler handler, ByteArrayOutputStream out, int count)
            throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            handler.flush();
            List<JsonNode> lines = new ArrayList<>();
            for (String line : out.toString(StandardCharsets.UTF_8).lines().toList()) {
                lines.add(Json.MAPPER.readTree(line));
            }
            if (lines.size() >= count || System.nanoTime() > deadline) {
                return lines;
            }
            Thread.sleep(20);
        }
    }
}
