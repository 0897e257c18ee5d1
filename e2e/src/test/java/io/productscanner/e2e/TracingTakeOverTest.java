package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.mirror.SiteMirror;
import io.productscanner.runtime.testing.OtlpReceiver;
import io.productscanner.runtime.testing.OtlpReceiver.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker killed with SIGKILL in the middle of a traced job: the worker that takes the job over runs it as a new
 * job span (attempt 2) in the submitter's trace, beside what the killed worker exported before it died.
 */
class TracingTakeOverTest {
    private static final int PRODUCTS = 60;

    @TempDir
    Path work;

    @Test
    void aKilledWorkersJobContinuesTheSameTraceOnTheWorkerThatTakesItOver() throws Exception {
        MusinsaMirror site = new MusinsaMirror();
        StringBuilder products = new StringBuilder();
        for (int i = 1; i <= PRODUCTS; i++) {
            long id = 7_000_000L + i;
            site.product(id, "추적 테스트 " + i, 30_000, 25_000, "SALE", 8);
            products.append(i == 1 ? "" : ",")
                    .append("{\"url\": \"https://www.musinsa.com/products/")
                    .append(id)
                    .append("\"}");
        }
        String traceId = HexFormat.of().formatHex(TracingEndToEndTest.randomBytes(16));
        try (OtlpReceiver receiver = OtlpReceiver.start();
                TestRedisServer redis = TestRedisServer.likeProduction();
                SiteMirror mirror = SiteMirror.start(site.writeTo(work.resolve("mirror")), 0)) {
            int port = ScannerProcessHandle.freePort();
            Map<String, String> common = new HashMap<>(Map.of(
                    "REDIS_URL",
                    redis.url(),
                    "SCANNER_SITE_MIRROR",
                    mirror.url().toString(),
                    // slow enough that the kill lands in the middle of the job
                    "MUSINSA_PACING_MS",
                    "50",
                    "WORKER_PLATFORMS",
                    "musinsa",
                    "LOCK_TTL_MS",
                    "3000",
                    "POLL_INTERVAL_MS",
                    "250",
                    "RESULTS_DIR",
                    work.resolve("results").toString(),
                    "PORT",
                    Integer.toString(port),
                    "OTEL_EXPORTER_OTLP_ENDPOINT",
                    receiver.endpoint(),
                    "OTEL_BSP_SCHEDULE_DELAY",
                    "100"));
            try (ScannerProcessHandle apiProcess = ScannerProcessHandle.start(common, "api");
                    ScannerProcessHandle first = ScannerProcessHandle.start(common, "worker")) {
                Api api = new Api(port);
                api.awaitHealthy(apiProcess, Duration.ofSeconds(60));
                Api.Reply submitted = api.post(
                        "/api/v2/workflows/execute",
                        "{\"workflow_id\": \"musinsa-validation-v2\", \"params\": {\"products\": [" + products + "]}}",
                        Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
                assertEquals(202, submitted.status(), submitted.raw());
                String jobId = submitted.body().path("data").path("job_id").asText();

                // the first worker's scans reach the receiver as it goes; it is killed once some have
                List<ReceivedSpan> beforeKill = receiver.awaitSpan(
                        span -> span.traceId().equals(traceId)
                                && span.name().equals("scan product")
                                && receiverHolds(receiver, traceId, 10),
                        Duration.ofSeconds(60));
                first.handle().destroyForcibly();
                first.handle().onExit().get(10, TimeUnit.SECONDS);
                Set<String> killedInstance = beforeKill.stream()
                        .filter(span ->
                                span.traceId().equals(traceId) && span.name().equals("scan product"))
                        .map(span -> span.resource().get("service.instance.id"))
                        .collect(Collectors.toSet());
                assertEquals(1, killedInstance.size(), "the first worker's scans: " + killedInstance);

                try (ScannerProcessHandle second = ScannerProcessHandle.start(common, "worker")) {
                    JsonNode job = api.awaitFinished(jobId, Duration.ofSeconds(120));
                    assertEquals("completed", job.path("status").asText(), job + "\n" + second.output());
                    assertEquals(2, job.path("attempts").asInt(), "taken over once");

                    List<ReceivedSpan> all = receiver.awaitSpan(
                            span -> span.name().equals("process musinsa")
                                    && span.traceId().equals(traceId),
                            Duration.ofSeconds(30));
                    String waterfall = receiver.waterfall(traceId, List.of("scanner.job.attempt"));
                    List<ReceivedSpan> trace = all.stream()
                            .filter(span -> span.traceId().equals(traceId))
                            .toList();
                    ReceivedSpan enqueue = trace.stream()
                            .filter(span -> span.kind().equals("PRODUCER"))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("no enqueue span:\n" + waterfall));
                    List<ReceivedSpan> runs = trace.stream()
                            .filter(span -> span.name().equals("process musinsa"))
                            .toList();
                    // the killed worker's job span never ended, so never left it
                    assertEquals(1, runs.size(), waterfall);
                    ReceivedSpan takeOver = runs.getFirst();
                    assertEquals("2", takeOver.attribute("scanner.job.attempt"), waterfall);
                    assertEquals("true", takeOver.attribute("scanner.job.recovered"), waterfall);
                    assertEquals("completed", takeOver.attribute("scanner.job.status"), waterfall);
                    assertEquals(enqueue.spanId(), takeOver.parentSpanId(), "the new attempt continues the trace");
                    String secondInstance = takeOver.resource().get("service.instance.id");
                    assertFalse(killedInstance.contains(secondInstance), "another process took the job over");

                    Set<String> scanningInstances = trace.stream()
                            .filter(span -> span.name().equals("scan product"))
                            .map(span -> span.resource().get("service.instance.id"))
                            .collect(Collectors.toSet());
                    assertTrue(
                            scanningInstances.containsAll(killedInstance) && scanningInstances.contains(secondInstance),
                            "both workers' scans are in the one trace: " + scanningInstances);
                    assertTrue(
                            receiver.spans(span -> jobId.equals(span.attribute("scanner.job_id"))).stream()
                                    .allMatch(span -> span.traceId().equals(traceId)),
                            "no span of the job outside the submitter's trace");
                    receiver.assertNoFailures();
                }
            }
        }
    }

    private static boolean receiverHolds(OtlpReceiver receiver, String traceId, int scans) {
        return receiver.spans(span ->
                                span.traceId().equals(traceId) && span.name().equals("scan product"))
                        .size()
                >= scans;
    }
}
