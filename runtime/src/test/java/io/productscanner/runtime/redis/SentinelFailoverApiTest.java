package io.productscanner.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.ScannerProcess;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.testing.ApiEnvelope;
import io.productscanner.runtime.testing.SentinelRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Sentinel failover under a running process (the API and a worker in one, given a {@code redis-sentinel://} URL with
 * a password; a primary, two replicas, three sentinels): the primary is killed with SIGKILL while submissions and reads keep coming. Every answer is a 2xx or a 503 with
 * {@code Retry-After} and a Redis error code, never a 500; the client follows the sentinel to the new primary
 * without a restart, and a job submitted after the switch runs to completion.
 */
class SentinelFailoverApiTest {
    private static final String WORKFLOW = "failover-v1";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path root;

    /** One answer the load saw: when (ms after the kill, negative before), what and how. */
    record Answer(long atMs, String request, int status, String code, String retryAfter) {}

    @Test
    void theApiAnswers503NotA500WhileSentinelSwitchesPrimariesAndWorkResumesWithoutARestart() throws Exception {
        try (SentinelRedis redis = SentinelRedis.start(2, 3, true)) {
            try (ScannerProcess process =
                    ScannerProcess.start(settings(redis.sentinelUrl()), ScannerProcess.Role.ALL)) {
                assertEquals("completed", awaitEnd(process, submitted(submit(process, "before"))));

                Queue<Answer> answers = new ConcurrentLinkedQueue<>();
                AtomicBoolean loading = new AtomicBoolean(true);
                AtomicLong killedAt =
                        new AtomicLong(System.nanoTime() + Duration.ofDays(1).toNanos());
                // four callers, so some call is in flight on the connection when the primary dies
                List<Thread> load = new ArrayList<>();
                for (int caller = 0; caller < 4; caller++) {
                    load.add(Thread.ofVirtual().start(() -> {
                        while (loading.get()) {
                            record(answers, killedAt, "POST execute", () -> submit(process, null));
                            record(answers, killedAt, "GET running", () -> get(process, "/api/v2/jobs/running"));
                            sleep(20);
                        }
                    }));
                }
                sleep(500);
                killedAt.set(System.nanoTime());
                SentinelRedis.Address killed = redis.killPrimary();
                redis.awaitFailover(killed, Duration.ofSeconds(30));
                long switchedMs = sinceMs(killedAt.get());
                // work resumes on the new primary: a submission is accepted and its job completes
                HttpResponse<String> after = untilAccepted(process);
                long acceptedMs = sinceMs(killedAt.get());
                assertEquals("completed", awaitEnd(process, submitted(after)));
                long completedMs = sinceMs(killedAt.get());
                sleep(500);
                loading.set(false);
                for (Thread caller : load) {
                    caller.join();
                }

                List<Answer> all = List.copyOf(answers);
                List<Answer> failures = all.stream()
                        .filter(a -> a.status() < 0 || a.status() >= 500 && a.status() != 503)
                        .toList();
                assertEquals(List.of(), failures, "no 5xx other than 503, and every call answered");
                List<Answer> unavailable =
                        all.stream().filter(a -> a.status() == 503).toList();
                for (Answer answer : unavailable) {
                    assertTrue(
                            List.of("redis_unavailable", "redis_not_replicated").contains(answer.code()),
                            answer.toString());
                    assertTrue(answer.retryAfter() != null, "Retry-After on " + answer);
                    assertTrue(answer.atMs() >= 0, "a 503 before the kill: " + answer);
                }
                assertTrue(
                        all.stream().anyMatch(a -> a.atMs() > completedMs && a.status() / 100 == 2),
                        "answers again after the switch");
                long last503 =
                        unavailable.stream().mapToLong(Answer::atMs).max().orElse(-1);
                System.out.println("sentinel-failover: new primary named after " + switchedMs + " ms, first 202 after "
                        + acceptedMs + " ms, that job completed after " + completedMs + " ms; " + all.size()
                        + " answers, " + unavailable.size() + " of them 503 (last at " + last503 + " ms), no 500");
            }
        }
    }

    private interface Call {
        HttpResponse<String> send() throws Exception;
    }

    private static void record(Queue<Answer> answers, AtomicLong killedAt, String request, Call call) {
        long at = sinceMs(killedAt.get());
        try {
            HttpResponse<String> answer = call.send();
            String code = answer.statusCode() >= 400
                    ? ApiEnvelope.error(answer).path("code").asText()
                    : null;
            answers.add(new Answer(
                    at,
                    request,
                    answer.statusCode(),
                    code,
                    answer.headers().firstValue("Retry-After").orElse(null)));
        } catch (Exception e) {
            answers.add(new Answer(at, request, -1, e.toString(), null));
        }
    }

    private Settings settings(String sentinelUrl) throws Exception {
        Path workflows = Files.createDirectories(root.resolve("workflows"));
        Files.writeString(workflows.resolve(WORKFLOW + ".json"), """
                {"workflow_id": "%s", "start_node": "notify",
                 "nodes": {"notify": {"type": "notify_result"}}}""".formatted(WORKFLOW));
        return Settings.of(Map.of(
                        "REDIS_URL", sentinelUrl,
                        "REDIS_KEY_PREFIX", "failover:",
                        "SERVICE_NAME", "failover-under-test",
                        "HOST", "127.0.0.1",
                        "PORT", "0",
                        "PLUGIN_DIR",
                                Files.createDirectories(root.resolve("plugins")).toString(),
                        "WORKER_PLATFORMS", "default",
                        "WORKFLOWS_DIR", workflows.toString(),
                        "RESULTS_DIR", root.resolve("results").toString(),
                        "POLL_INTERVAL_MS", "200"))
                // acknowledged writes through the switch: the new primary keeps one replica
                .with(Map.of("REDIS_MIN_REPLICA_ACKS", "1"));
    }

    private static HttpResponse<String> untilAccepted(ScannerProcess process) throws Exception {
        Instant giveUp = Instant.now().plusSeconds(60);
        while (true) {
            HttpResponse<String> answer = submit(process, null);
            if (answer.statusCode() == 202 || Instant.now().isAfter(giveUp)) {
                assertEquals(202, answer.statusCode(), answer.body());
                return answer;
            }
            sleep(100);
        }
    }

    private static String submitted(HttpResponse<String> accepted) {
        assertEquals(202, accepted.statusCode(), accepted.body());
        return Json.read(accepted.body()).path("data").path("job_id").asText();
    }

    private static String awaitEnd(ScannerProcess process, String jobId) throws Exception {
        Instant giveUp = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(giveUp)) {
            HttpResponse<String> answer = get(process, "/api/v2/jobs/" + jobId);
            if (answer.statusCode() == 200) {
                JsonNode job = Json.read(answer.body()).path("data");
                String status = job.path("status").asText();
                if (List.of("completed", "failed", "cancelled").contains(status)) {
                    return status;
                }
            }
            sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not end within 60 s");
    }

    private static HttpResponse<String> submit(ScannerProcess process, String idempotencyKey) throws Exception {
        String key = idempotencyKey == null ? "" : ", \"idempotency_key\": \"" + idempotencyKey + "\"";
        return HTTP.send(
                HttpRequest.newBuilder(uri(process, "/api/v2/workflows/execute"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"workflow_id\": \"" + WORKFLOW + "\", \"params\": {}" + key + "}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(ScannerProcess process, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri(process, path))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(ScannerProcess process, String path) {
        return URI.create("http://127.0.0.1:" + process.apiPort().orElseThrow() + path);
    }

    private static long sinceMs(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
