package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.testing.OtlpReceiver;
import io.productscanner.runtime.testing.OtlpReceiver.ReceivedSpan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} over the site mirror, exporting its traces to a loopback OTLP/HTTP receiver: a validation job
 * submitted with a W3C {@code traceparent} is one trace, the caller's, from the API request through the enqueue,
 * the worker's job span and its workflow nodes down to each product scan and the plugin's HTTP calls; no span
 * carries the API token or the Redis password. Without an endpoint, or with the SDK disabled, nothing is sent and
 * the job runs as ever.
 */
class TracingEndToEndTest {
    private static final String TOKEN = "e2e-token-" + HexFormat.of().formatHex(randomBytes(8));
    private static final List<String> SHOWN = List.of(
            "http.response.status_code",
            "scanner.node_id",
            "scanner.product_id",
            "scanner.sale_status",
            "scanner.failure_kind",
            "scanner.job.attempt",
            "url.full");

    static final String VALIDATION = """
            {"workflow_id": "musinsa-validation-v2",
             "params": {"products": [
               {"url": "https://www.musinsa.com/products/3674341", "expected": {"sale_status": "on_sale"}},
               {"url": "https://www.musinsa.com/app/goods/2551487", "expected": {"sale_status": "on_sale"}},
               {"url": "https://store.musinsa.com/app/goods/1843690"},
               {"url": "https://www.musinsa.com/products/1000001", "expected": {"sale_status": "not_found"}},
               {"url": "https://www.musinsa.com/products/3333333"}
             ]}}""";

    @TempDir
    Path work;

    @Test
    void aValidationJobIsOneTraceFromTheApiRequestToThePluginsHttpCalls() throws Exception {
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String callerSpanId = HexFormat.of().formatHex(randomBytes(8));
        try (OtlpReceiver receiver = OtlpReceiver.start();
                MirroredServe serving = MirroredServe.start(
                        MirroredServe.FIXTURES,
                        work,
                        Map.of(
                                "MUSINSA_PACING_MS",
                                "0",
                                "API_TOKEN",
                                TOKEN,
                                "OTEL_EXPORTER_OTLP_ENDPOINT",
                                receiver.endpoint(),
                                "OTEL_BSP_SCHEDULE_DELAY",
                                "100"))) {
            assertTrue(
                    serving.server().output().contains("event=tracing.on"),
                    "the start says tracing is on:\n" + serving.server().output());
            Api api = new Api(serving.port(), TOKEN);
            Api.Reply submitted = api.post(
                    "/api/v2/workflows/execute",
                    VALIDATION,
                    Map.of("traceparent", "00-" + traceId + "-" + callerSpanId + "-01"));
            assertEquals(202, submitted.status(), submitted.raw());
            String jobId = submitted.body().path("data").path("job_id").asText();
            JsonNode job = api.awaitFinished(jobId, Duration.ofSeconds(60));
            assertEquals("completed", job.path("status").asText(), job.toString());

            // the job span ends last of the job's; the exporter sends in the order spans end
            List<ReceivedSpan> all = receiver.awaitSpan(
                    span -> span.name().equals("process musinsa") && jobId.equals(span.attribute("scanner.job_id")),
                    Duration.ofSeconds(30));
            List<ReceivedSpan> ofTheJob = all.stream()
                    .filter(span -> jobId.equals(span.attribute("scanner.job_id")))
                    .toList();
            assertEquals(
                    Set.of(traceId),
                    ofTheJob.stream().map(ReceivedSpan::traceId).collect(Collectors.toSet()),
                    "every span of the job is in the caller's trace");
            List<ReceivedSpan> trace =
                    all.stream().filter(span -> span.traceId().equals(traceId)).toList();
            String waterfall = receiver.waterfall(traceId, SHOWN);
            System.out.println("trace " + traceId + " of job " + jobId + ":\n" + waterfall);

            ReceivedSpan request = only(trace, span -> span.kind().equals("SERVER"), waterfall);
            assertEquals("POST /api/v2/workflows/execute", request.name(), waterfall);
            assertEquals(callerSpanId, request.parentSpanId(), "the API span continues the caller's");
            assertEquals("202", request.attribute("http.response.status_code"));
            assertEquals("/api/v2/workflows/execute", request.attribute("http.route"));
            assertEquals(
                    "product-scanner",
                    request.resource().get("service.name"),
                    request.resource().toString());
            assertTrue(
                    request.resource().containsKey("service.version"),
                    request.resource().toString());
            assertTrue(
                    request.resource().containsKey("service.instance.id"),
                    request.resource().toString());

            // the polls of the job are server spans of their own (no traceparent sent), named by their route
            Set<String> routes = receiver.spans(span -> span.kind().equals("SERVER")).stream()
                    .map(ReceivedSpan::name)
                    .collect(Collectors.toSet());
            System.out.println("server spans: " + routes);
            assertTrue(routes.contains("GET /api/v2/jobs/{id}"), routes.toString());
            assertTrue(routes.stream().noneMatch(route -> route.contains("/observe")), "probes are not traced");

            ReceivedSpan enqueue = only(trace, span -> span.kind().equals("PRODUCER"), waterfall);
            assertEquals(request.spanId(), enqueue.parentSpanId(), waterfall);
            assertEquals(jobId, enqueue.attribute("messaging.message.id"));

            ReceivedSpan run = only(trace, span -> span.kind().equals("CONSUMER"), waterfall);
            assertEquals(enqueue.spanId(), run.parentSpanId(), "the job span is the enqueue's child");
            assertEquals("1", run.attribute("scanner.job.attempt"));
            assertEquals("completed", run.attribute("scanner.job.status"));

            List<ReceivedSpan> nodes = trace.stream()
                    .filter(span -> span.name().startsWith("node "))
                    .toList();
            assertEquals(
                    Set.of("fetch", "scan", "validate", "compare", "save", "notify"),
                    nodes.stream()
                            .map(span -> span.attribute("scanner.node_id"))
                            .collect(Collectors.toSet()),
                    waterfall);
            assertTrue(nodes.stream().allMatch(node -> node.parentSpanId().equals(run.spanId())), waterfall);
            ReceivedSpan scanNode =
                    only(nodes, span -> span.attribute("scanner.node_id").equals("scan"), waterfall);

            List<ReceivedSpan> scans = trace.stream()
                    .filter(span -> span.name().equals("scan product"))
                    .toList();
            assertEquals(5, scans.size(), waterfall);
            assertTrue(scans.stream().allMatch(scan -> scan.parentSpanId().equals(scanNode.spanId())), waterfall);
            ReceivedSpan tee = only(scans, span -> "3674341".equals(span.attribute("scanner.product_id")), waterfall);
            assertEquals("on_sale", tee.attribute("scanner.sale_status"));
            assertEquals("scanned", tee.attribute("scanner.scan.outcome"));
            ReceivedSpan failed =
                    only(scans, span -> "3333333".equals(span.attribute("scanner.product_id")), waterfall);
            assertEquals("STATUS_CODE_ERROR", failed.statusCode(), waterfall);
            assertEquals("failed", failed.attribute("scanner.scan.outcome"));
            assertTrue(failed.attributes().containsKey("scanner.failure_kind"), failed.toString());

            Set<String> scanIds = scans.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
            List<ReceivedSpan> calls = trace.stream()
                    .filter(span -> span.kind().equals("CLIENT")
                            && span.attributes().containsKey("url.full")
                            && span.attribute("url.full").contains("musinsa.com"))
                    .toList();
            assertFalse(calls.isEmpty(), waterfall);
            assertTrue(calls.stream().allMatch(call -> scanIds.contains(call.parentSpanId())), waterfall);
            assertTrue(
                    calls.stream().allMatch(call -> call.attributes().containsKey("http.response.status_code")),
                    waterfall);
            assertTrue(
                    calls.stream().allMatch(call -> call.attribute("url.full").startsWith("https://")), waterfall);
            for (ReceivedSpan scan : scans) {
                assertTrue(
                        calls.stream().anyMatch(call -> call.parentSpanId().equals(scan.spanId())),
                        "every scan made its HTTP call under its span:\n" + waterfall);
            }

            List<ReceivedSpan> scripts = trace.stream()
                    .filter(span -> span.name().startsWith("EVALSHA "))
                    .toList();
            assertTrue(scripts.stream().anyMatch(span -> span.name().equals("EVALSHA enqueue.lua")), waterfall);
            assertTrue(scripts.stream().allMatch(span -> "redis".equals(span.attribute("db.system.name"))));

            receiver.assertNoFailures();
            // nothing secret in what was exported
            String password = Files.readString(work.resolve("data").resolve("redis-password"))
                    .strip();
            for (ReceivedSpan span : receiver.spans()) {
                for (Map.Entry<String, String> attribute : span.attributes().entrySet()) {
                    assertFalse(attribute.getValue().contains(TOKEN), "the API token in " + span);
                    assertFalse(attribute.getValue().contains(password), "the Redis password in " + span);
                }
                assertFalse(span.name().contains(TOKEN) || span.name().contains(password), span.toString());
            }
        }
    }

    @Test
    void aBrowserPluginsPageLoadsAreSpansUnderTheirScans() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start();
                MirroredServe serving = MirroredServe.start(
                        MirroredServe.FIXTURES,
                        work,
                        Map.of(
                                "WORKER_PLATFORMS", "kurly",
                                "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                                "OTEL_BSP_SCHEDULE_DELAY", "100"))) {
            Api.Reply submitted = serving.api().post("/api/v2/workflows/execute", """
                    {"workflow_id": "kurly-validation-v2", "params": {"products": [
                       {"url": "https://www.kurly.com/goods/5161060"},
                       {"url": "https://www.kurly.com/goods/1000154"}]}}""");
            assertEquals(202, submitted.status(), submitted.raw());
            String jobId = submitted.body().path("data").path("job_id").asText();
            JsonNode job = serving.api().awaitFinished(jobId, Duration.ofSeconds(120));
            assertEquals("completed", job.path("status").asText(), job.toString());

            List<ReceivedSpan> all = receiver.awaitSpan(
                    span -> span.name().equals("process kurly") && jobId.equals(span.attribute("scanner.job_id")),
                    Duration.ofSeconds(30));
            String traceId = all.stream()
                    .filter(span -> span.name().equals("process kurly"))
                    .findFirst()
                    .orElseThrow()
                    .traceId();
            String waterfall = receiver.waterfall(traceId, SHOWN);
            System.out.println("trace " + traceId + " of browser job " + jobId + ":\n" + waterfall);
            List<ReceivedSpan> trace =
                    all.stream().filter(span -> span.traceId().equals(traceId)).toList();
            Set<String> scanIds = trace.stream()
                    .filter(span -> span.name().equals("scan product"))
                    .map(ReceivedSpan::spanId)
                    .collect(Collectors.toSet());
            assertEquals(2, scanIds.size(), waterfall);
            List<ReceivedSpan> navigations = trace.stream()
                    .filter(span -> span.name().equals("navigate"))
                    .toList();
            assertTrue(navigations.size() >= 2, waterfall);
            for (ReceivedSpan navigation : navigations) {
                assertTrue(scanIds.contains(navigation.parentSpanId()), "a scan's child:\n" + waterfall);
                assertTrue(navigation.attribute("url.full").startsWith("https://www.kurly.com/"), waterfall);
                assertEquals("200", navigation.attribute("http.response.status_code"), waterfall);
            }
            receiver.assertNoFailures();
        }
    }

    @Test
    void withoutAnEndpointOrWithTheSdkDisabledNothingIsSentAndJobsRunAsEver() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            for (Map<String, String> env : List.of(
                    Map.of("MUSINSA_PACING_MS", "0"),
                    Map.of(
                            "MUSINSA_PACING_MS", "0",
                            "OTEL_SDK_DISABLED", "true",
                            "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint()))) {
                Path folder = Files.createDirectories(work.resolve("run-" + env.size()));
                try (MirroredServe serving = MirroredServe.start(MirroredServe.FIXTURES, folder, env)) {
                    Api.Reply submitted = serving.api()
                            .post(
                                    "/api/v2/workflows/execute",
                                    VALIDATION,
                                    Map.of(
                                            "traceparent",
                                            "00-" + HexFormat.of().formatHex(randomBytes(16)) + "-"
                                                    + HexFormat.of().formatHex(randomBytes(8)) + "-01"));
                    assertEquals(202, submitted.status(), submitted.raw());
                    String jobId = submitted.body().path("data").path("job_id").asText();
                    JsonNode job = serving.api().awaitFinished(jobId, Duration.ofSeconds(60));
                    assertEquals("completed", job.path("status").asText(), job.toString());
                    assertFalse(serving.server().output().contains("event=tracing.on"), env.toString());
                }
            }
            assertEquals(0, receiver.requests(), "nothing reached the receiver");
        }
    }

    private static ReceivedSpan only(List<ReceivedSpan> spans, Predicate<ReceivedSpan> which, String context) {
        List<ReceivedSpan> found = spans.stream().filter(which).toList();
        assertEquals(1, found.size(), "expected one such span in\n" + context);
        return found.getFirst();
    }

    static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
