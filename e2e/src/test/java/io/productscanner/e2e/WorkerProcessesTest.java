package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.mirror.SiteMirror;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The deployment shape of the seed: an API process and two worker processes for the same platform, sharing
 * one Redis. The platform's jobs must run one at a time across both workers, in priority order.
 */
class WorkerProcessesTest {
    private static final Path SLOW_MIRROR = Path.of(System.getProperty("e2e.mirror.dir", "src/test/resources/mirror"));

    @Test
    void twoWorkerProcessesOfOnePlatformRunItsJobsOneAtATimeInPriorityOrder() throws Exception {
        try (TestRedisServer redis = new TestRedisServer();
                SiteMirror mirror = SiteMirror.start(SLOW_MIRROR, 0)) {
            int port = ScannerProcessHandle.freePort();
            Map<String, String> common = Map.of(
                    "REDIS_URL",
                    redis.url(),
                    "SCANNER_SITE_MIRROR",
                    mirror.url().toString(),
                    "MUSINSA_PACING_MS",
                    "0",
                    "WORKER_PLATFORMS",
                    "musinsa");
            try (ScannerProcessHandle apiProcess =
                    ScannerProcessHandle.start(with(common, "PORT", Integer.toString(port)), "api")) {
                Api api = new Api(port);
                api.awaitHealthy(apiProcess, Duration.ofSeconds(60));

                // queued before any worker exists, so the order is decided by priority alone
                List<String> low = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    low.add(submit(api, 0));
                }
                String high = submit(api, 10);

                try (ScannerProcessHandle a =
                                ScannerProcessHandle.start(with(common, "SERVICE_NAME", "worker-a"), "worker");
                        ScannerProcessHandle b =
                                ScannerProcessHandle.start(with(common, "SERVICE_NAME", "worker-b"), "worker")) {
                    List<String> more = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        more.add(submit(api, 0));
                    }
                    List<JsonNode> finished = new ArrayList<>();
                    for (String id : concat(List.of(high), low, more)) {
                        finished.add(api.awaitFinished(id, Duration.ofSeconds(90)));
                    }
                    for (JsonNode job : finished) {
                        assertEquals("completed", job.path("status").asText(), job.toString());
                    }
                    assertEquals(List.of(), JobOverlaps.among(finished), "musinsa jobs that overlapped");
                    List<JsonNode> byStart = JobOverlaps.byStart(finished);
                    assertEquals(high, byStart.getFirst().path("job_id").asText(), "the priority-10 job runs first");
                    assertEquals(
                            low,
                            byStart.subList(1, 4).stream()
                                    .map(j -> j.path("job_id").asText())
                                    .toList(),
                            "equal priorities run in arrival order");
                    String workers = a.output() + b.output();
                    assertTrue(workers.contains("event=job.started"), workers);
                }
            }
        }
    }

    private static String submit(Api api, int priority) throws Exception {
        Api.Reply reply = api.post(
                "/api/v2/workflows/execute",
                "{\"workflow_id\": \"musinsa-validation-v2\", "
                        + "\"priority\": " + priority + ", \"params\": {\"products\": ["
                        + "{\"url\": \"https://www.musinsa.com/products/1000001\"}]}}");
        assertEquals(202, reply.status(), reply.raw());
        return reply.body().path("data").path("job_id").asText();
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> copy = new HashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }
}
