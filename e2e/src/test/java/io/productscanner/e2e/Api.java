package io.productscanner.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.productscanner.runtime.testing.ApiContract;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small JSON client for the API under test; every answer it reads must be one the OpenAPI document allows. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    Api(int port) {
        this(port, null);
    }

    /** A client that sends {@code Authorization: Bearer token} (an API started with API_TOKEN). */
    Api(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    record Reply(int status, JsonNode body, String raw) {}

    Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Reply post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A POST with more headers (a W3C {@code traceparent}, ...). */
    Reply post(String path, String body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request);
    }

    private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response =
                http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        // every answer an end-to-end test reads is also checked against the API's OpenAPI document
        URI sent = response.request().uri();
        ApiContract.get()
                .check(
                        response.request().method(),
                        sent.getRawQuery() == null ? sent.getRawPath() : sent.getRawPath() + "?" + sent.getRawQuery(),
                        response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(null),
                        response.headers().firstValue("Location").orElse(null),
                        response.body());
        JsonNode body;
        try {
            body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            body = JSON.nullNode();
        }
        return new Reply(response.statusCode(), body, response.body());
    }

    /** Waits until the server answers its health check. */
    void awaitHealthy(ScannerProcessHandle process, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (get("/observe/health").status() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("server not healthy:\n" + process.output());
            }
            Thread.sleep(100);
        }
    }

    /** Polls a job until it reaches a final status. */
    JsonNode awaitFinished(String jobId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode job = get("/api/v2/jobs/" + jobId).body().path("data");
            String status = job.path("status").asText();
            if (status.equals("completed") || status.equals("failed") || status.equals("cancelled")) {
                return job;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + jobId + " still " + status + " after " + timeout + ": " + job);
            }
            Thread.sleep(50);
        }
    }
}
