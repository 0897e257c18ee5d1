package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.e2e.HostileRequests.Case;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input run (issues 7 and 17): over ten thousand malformed, mistyped, oversized, mis-addressed and
 * header-forged requests from a fixed-seed generator ({@link HostileRequests}) at every route of one {@code serve}
 * process, over raw loopback sockets, with valid writes mixed in and slow clients holding connections open the whole
 * time. Then: no 5xx, every hostile request a 4xx with the error envelope, health answers within 100 ms, and the jobs,
 * queues, schedules, dead letters and files are exactly what the valid requests made them. Prints the counts as
 * {@code hostile-input:}.
 */
class HostileInputTest {
    private static final long SEED = 20_261_203L;
    private static final int SLOW_CLIENTS = 24;

    @TempDir
    Path work;

    @Test
    void tenThousandHostileRequestsGetA4xxAndChangeOnlyWhatTheValidOnesDid() throws Exception {
        int port = ScannerProcessHandle.freePort();
        Path data = work.resolve("data");
        Path results = work.resolve("results");
        try (ScannerProcessHandle server = ScannerProcessHandle.start(
                Map.of(
                        "PORT",
                        Integer.toString(port),
                        "EMBEDDED_REDIS_PORT",
                        Integer.toString(ScannerProcessHandle.freePort()),
                        "DATA_DIR",
                        data.toString(),
                        "RESULTS_DIR",
                        results.toString(),
                        "WORKER_PLATFORMS",
                        "default"),
                "serve")) {
            Api api = new Api(port);
            api.awaitHealthy(server, Duration.ofSeconds(60));
            RawHttp http = new RawHttp(port);
            ValidTraffic valid = new ValidTraffic(http);
            // jobs that stay queued (no musinsa worker here), so the queues are not trivially empty
            List<String> seeded = List.of(valid.submit(), valid.submit(), valid.submit());
            Map<String, Long> filesBefore = files(data, results);

            List<Case> cases = HostileRequests.generate(SEED, seeded, port);
            Map<Integer, Integer> histogram = new TreeMap<>();
            Map<String, Integer> kinds = new TreeMap<>();
            Map<String, List<String>> failures = new LinkedHashMap<>();
            long slowestHealthNanos = 0;
            int sent = 0;
            try (SlowClients slow = SlowClients.open(port, SLOW_CLIENTS)) {
                for (Case c : cases) {
                    RawHttp.Reply reply;
                    try {
                        reply = http.send(
                                c.method(),
                                c.target(),
                                c.body(),
                                c.contentType(),
                                c.declaredLength(),
                                c.chunked(),
                                c.host() == null
                                        ? "127.0.0.1:" + port
                                        : c.host().equals(HostileRequests.NO_HOST) ? null : c.host(),
                                c.headers());
                    } catch (IOException e) {
                        failures.computeIfAbsent(
                                        c.kind() + " → no answer ("
                                                + e.getClass().getSimpleName() + ")",
                                        k -> new ArrayList<>())
                                .add(c.describe());
                        continue;
                    }
                    sent++;
                    kinds.merge(c.kind(), 1, Integer::sum);
                    histogram.merge(reply.status(), 1, Integer::sum);
                    String problem = check(c, reply);
                    if (problem != null) {
                        failures.computeIfAbsent(c.kind() + " → " + problem, k -> new ArrayList<>())
                                .add(c.describe() + "\n        answer " + reply.status() + " "
                                        + HostileRequests.abbreviate(reply.body(), 300));
                    }
                    if (sent % 40 == 0) {
                        valid.step(seeded);
                    }
                    if (sent % 250 == 0) {
                        assertTrue(
                                server.isAlive(), "the server died after " + sent + " requests:\n" + server.output());
                        slowestHealthNanos = Math.max(slowestHealthNanos, healthNanos(api));
                    }
                }
                long healthNanos = Math.min(healthNanos(api), Math.min(healthNanos(api), healthNanos(api)));
                System.out.printf(
                        "hostile-input: %d hostile or odd requests (seed %d) + %d valid + %d slow clients"
                                + " holding connections; status histogram %s; by kind %s; health %.1f ms after the"
                                + " run, slowest during it %.1f ms; %d kinds of failure%n",
                        sent,
                        SEED,
                        valid.requests(),
                        slow.count(),
                        histogram,
                        kinds,
                        healthNanos / 1e6,
                        slowestHealthNanos / 1e6,
                        failures.size());
                assertTrue(server.isAlive(), "the server died:\n" + server.output());
                assertTrue(healthNanos < 100_000_000L, "health took " + healthNanos / 1e6 + " ms after the run");
            }
            StringBuilder report = new StringBuilder();
            failures.forEach((what, examples) -> {
                report.append("\n  ")
                        .append(what)
                        .append(" (")
                        .append(examples.size())
                        .append("x), e.g.");
                examples.stream()
                        .limit(3)
                        .forEach(e -> report.append("\n      ").append(e));
            });
            assertEquals("", report.toString(), "answers that break the rules");
            valid.assertStateIs(api);
            assertEquals(filesBefore, files(data, results), "files changed under DATA_DIR or RESULTS_DIR");
            assertTrue(sent >= 10_000, "only " + sent + " requests were answered");
        }
    }

    private static String check(Case c, RawHttp.Reply reply) {
        int status = reply.status();
        if (status >= 500) {
            return "5xx";
        }
        if (!c.hostile()) {
            return status >= 200 && status < 300 && c.method().equals("POST") ? "a write was accepted" : null;
        }
        if (status < 400) {
            return status + " for a hostile request";
        }
        JsonNode body = reply.json();
        if (!body.isObject()
                || body.path("success").asBoolean(true)
                || !body.path("error").path("code").isTextual()
                || body.path("error").path("code").asText().isBlank()
                || body.path("error").path("message").asText("").isBlank()) {
            return status + " without the error envelope";
        }
        return null;
    }

    private static long healthNanos(Api api) throws Exception {
        long start = System.nanoTime();
        Api.Reply health = api.get("/observe/health");
        long took = System.nanoTime() - start;
        assertEquals(200, health.status(), "unhealthy: " + health.raw());
        return took;
    }

    /** Every regular file under the folders with its size, but Redis's own files, which valid writes change. */
    private static Map<String, Long> files(Path... roots) throws IOException {
        Map<String, Long> found = new TreeMap<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    String name = root.relativize(file).toString();
                    if (!name.contains("appendonly") && !name.endsWith(".rdb")) {
                        found.put(root.getFileName() + "/" + name, Files.size(file));
                    }
                }
            }
        }
        return found;
    }

    /**
     * The legitimate writes of the mix, made as a client of the API would, and what they must have left: jobs
     * submitted and cancelled, schedules created, paused and deleted.
     */
    static final class ValidTraffic {
        private final RawHttp http;
        private final Map<String, String> jobs = new LinkedHashMap<>(); // job id → the status it must have
        private final Map<String, Boolean> schedules = new TreeMap<>(); // schedule id → paused
        private int requests;
        private int step;

        ValidTraffic(RawHttp http) {
            this.http = http;
        }

        int requests() {
            return requests;
        }

        String submit() throws IOException {
            ObjectNode body = HostileValues.validBody();
            ((ObjectNode) body.get("metadata")).put("n", requests);
            JsonNode data = expect(202, "POST", HostileRequests.EXECUTE, body.toString());
            String id = data.path("job_id").asText();
            jobs.put(id, "pending");
            return id;
        }

        /** The next valid write, in a fixed rotation; seeded jobs are never touched. */
        void step(List<String> seeded) throws IOException {
            switch (step++ % 6) {
                case 0, 3 -> submit();
                case 1 ->
                    jobs.entrySet().stream()
                            .filter(e -> e.getValue().equals("pending") && !seeded.contains(e.getKey()))
                            .map(Map.Entry::getKey)
                            .reduce((a, b) -> b)
                            .ifPresent(id -> {
                                try {
                                    expect(200, "POST", "/api/v2/jobs/" + id + "/cancel", null);
                                    jobs.put(id, "cancelled");
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
                case 2 -> {
                    String id = "valid-" + step;
                    ObjectNode body = (ObjectNode) Api.JSON
                            .createObjectNode()
                            .put("id", id)
                            .put("workflow_id", "musinsa-validation-v2")
                            .put("cron", "0 3 1 1 *");
                    body.set("params", HostileValues.validBody().get("params"));
                    expect(201, "POST", "/api/v2/schedules", body.toString());
                    schedules.put(id, false);
                }
                case 4 -> {
                    String id = schedules.keySet().stream().reduce((a, b) -> b).orElseThrow();
                    expect(200, "POST", "/api/v2/schedules/" + id + "/pause", null);
                    schedules.put(id, true);
                }
                default -> {
                    if (schedules.size() > 3) {
                        String id = schedules.keySet().iterator().next();
                        expect(200, "DELETE", "/api/v2/schedules/" + id, null);
                        schedules.remove(id);
                    } else {
                        expect(200, "GET", "/api/v2/jobs/running", null);
                    }
                }
            }
        }

        private JsonNode expect(int status, String method, String target, String json) throws IOException {
            byte[] body =
                    json == null ? (method.equals("POST") ? new byte[0] : null) : json.getBytes(StandardCharsets.UTF_8);
            RawHttp.Reply reply = http.send(method, target, body, json == null ? null : "application/json");
            requests++;
            assertEquals(status, reply.status(), method + " " + target + ": " + reply.body());
            return reply.json().path("data");
        }

        /** The jobs, queues, dead letters and schedules are what the valid writes made, nothing more. */
        void assertStateIs(Api api) throws Exception {
            JsonNode history =
                    api.get("/api/v2/jobs?limit=500").body().path("data").path("jobs");
            Map<String, String> found = new TreeMap<>();
            history.forEach(job ->
                    found.put(job.path("job_id").asText(), job.path("status").asText()));
            assertEquals(new TreeMap<>(jobs), found, "the jobs and their statuses");
            JsonNode running = api.get("/api/v2/jobs/running").body().path("data");
            long pending = jobs.values().stream().filter("pending"::equals).count();
            assertEquals(pending, running.path("queued").path("musinsa").asLong(), "queued musinsa jobs: " + running);
            assertEquals(pending, running.path("summary").path("queued_count").asLong(), "queued jobs: " + running);
            assertEquals(0, running.path("summary").path("running_count").asInt(), "running jobs: " + running);
            assertEquals(
                    0,
                    api.get("/api/v2/jobs/dead")
                            .body()
                            .path("data")
                            .path("count")
                            .asInt(),
                    "dead letters");
            JsonNode listed = api.get("/api/v2/schedules").body().path("data").path("schedules");
            Map<String, Boolean> paused = new TreeMap<>();
            listed.forEach(
                    s -> paused.put(s.path("id").asText(), s.path("paused").asBoolean()));
            assertEquals(schedules, paused, "the schedules and whether they are paused");
            Set<String> workflows = new TreeSet<>();
            listed.forEach(s -> workflows.add(s.path("workflow_id").asText()));
            assertTrue(workflows.stream().allMatch("musinsa-validation-v2"::equals), "schedules: " + listed);
        }
    }

    /**
     * Clients that open a connection and send their request a byte at a time, never finishing while the run lasts:
     * they must neither starve the server of threads nor slow its health answer.
     */
    static final class SlowClients implements AutoCloseable {
        private final List<Socket> sockets = new ArrayList<>();
        private final List<Thread> threads = new ArrayList<>();

        static SlowClients open(int port, int count) throws IOException {
            SlowClients slow = new SlowClients();
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                slow.sockets.add(socket);
                String request = i % 2 == 0
                        ? "GET /api/v2/jobs/running HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Slow: "
                                + "s".repeat(10_000)
                        : "POST " + HostileRequests.EXECUTE + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                                + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"workflow_id\": \""
                                + "x".repeat(10_000);
                slow.threads.add(Thread.ofVirtual().start(() -> dribble(socket, request)));
            }
            return slow;
        }

        private static void dribble(Socket socket, String request) {
            try {
                OutputStream out = socket.getOutputStream();
                for (byte b : request.getBytes(StandardCharsets.US_ASCII)) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException closed) {
                // the server hung up on it, or the run ended
            }
        }

        int count() {
            return sockets.size();
        }

        @Override
        public void close() throws IOException {
            threads.forEach(Thread::interrupt);
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
