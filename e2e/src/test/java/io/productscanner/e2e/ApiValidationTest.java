package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input gets a 4xx with the error envelope naming the field, and nothing is queued. */
class ApiValidationTest {
    @TempDir
    static Path data;

    private static ScannerProcessHandle server;
    private static Api api;

    @BeforeAll
    static void startApi() throws Exception {
        int port = ScannerProcessHandle.freePort();
        // the API alone: jobs it accepts stay queued, so the queue shows exactly what was accepted
        server = ScannerProcessHandle.start(
                Map.of(
                        "PORT",
                        Integer.toString(port),
                        "EMBEDDED_REDIS_PORT",
                        Integer.toString(ScannerProcessHandle.freePort()),
                        "DATA_DIR",
                        data.toString(),
                        "WORKER_PLATFORMS",
                        "default"),
                "serve");
        api = new Api(port);
        api.awaitHealthy(server, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopApi() throws Exception {
        server.close();
    }

    private static final String PRODUCT = "{\"url\": \"https://www.musinsa.com/products/3674341\"}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON                 | {"workflow_id": "musinsa-validation-v2",         | 400 | invalid_json      |
            not an object                  | [1, 2]                                           | 400 | invalid_json      |
            empty body                     |                                                  | 400 | invalid_json      |
            missing workflow_id            | {"params": {}}                                   | 400 | missing_field     | workflow_id
            workflow_id not a string       | {"workflow_id": 7}                               | 400 | invalid_field     | workflow_id
            unknown workflow               | {"workflow_id": "nope-v9"}                       | 404 | workflow_not_found | workflow_id
            params not an object           | {"workflow_id": "musinsa-validation-v2", "params": [1]} | 400 | invalid_field | params
            metadata not an object         | {"workflow_id": "musinsa-validation-v2", "metadata": "x"} | 400 | invalid_field | metadata
            priority not an integer        | {"workflow_id": "musinsa-validation-v2", "priority": "high"} | 400 | invalid_field | priority
            priority out of range          | {"workflow_id": "musinsa-validation-v2", "priority": 5000} | 400 | invalid_field | priority
            unknown top-level field        | {"workflowId": "musinsa-validation-v2"}          | 400 | unknown_field     | workflowId
            no products                    | {"workflow_id": "musinsa-validation-v2", "params": {}} | 400 | invalid_params | params.products
            product without url            | {"workflow_id": "musinsa-validation-v2", "params": {"products": [{}]}} | 400 | invalid_params | params.products[0].url
            url of another site            | {"workflow_id": "musinsa-validation-v2", "params": {"products": [{"url": "https://example.com/x"}]}} | 400 | invalid_params | params.products[0].url
            relative url                   | {"workflow_id": "musinsa-validation-v2", "params": {"products": [{"url": "/products/1"}]}} | 400 | invalid_params | params.products[0].url
            negative expected price        | {"workflow_id": "musinsa-validation-v2", "params": {"products": [{"url": "https://www.musinsa.com/products/1", "expected": {"original_price": -1}}]}} | 400 | invalid_params | params.products[0].expected.original_price
            unknown sale status            | {"workflow_id": "musinsa-validation-v2", "params": {"products": [{"url": "https://www.musinsa.com/products/1", "expected": {"sale_status": "gone"}}]}} | 400 | invalid_params | params.products[0].expected.sale_status
            concurrency of the wrong type  | {"workflow_id": "musinsa-validation-v2", "params": {"concurrency": "many", "products": [{"url": "https://www.musinsa.com/products/1"}]}} | 400 | invalid_params | params
            limit beyond an int, products given | {"workflow_id": "musinsa-validation-v2", "params": {"limit": 2147483648, "products": [{"url": "https://www.musinsa.com/products/1"}]}} | 400 | invalid_params | params
            priority beyond 64 bits        | {"workflow_id": "musinsa-validation-v2", "priority": 18446744073709551617} | 400 | invalid_field | priority
            """)
    void badSubmissionsAreRefusedWithTheFieldAndNothingIsQueued(
            String name, String body, int status, String code, String field) throws Exception {
        long queuedBefore = queued();
        Api.Reply reply = api.post("/api/v2/workflows/execute", body == null ? "" : body);
        assertEquals(status, reply.status(), reply.raw());
        assertFalse(reply.body().path("success").asBoolean(true), reply.raw());
        JsonNode error = reply.body().path("error");
        assertEquals(code, error.path("code").asText(), reply.raw());
        assertFalse(error.path("message").asText().isBlank(), reply.raw());
        if (field == null) {
            assertTrue(error.path("field").isNull(), reply.raw());
        } else {
            assertEquals(field, error.path("field").asText(), reply.raw());
        }
        assertEquals(queuedBefore, queued(), "a refused submission must not queue anything");
    }

    @Test
    void aValidSubmissionIsAcceptedWithAUuidV7JobIdAndQueuedOnTheWorkflowsPlatform() throws Exception {
        long queuedBefore = queued();
        Api.Reply reply = api.post(
                "/api/v2/workflows/execute",
                "{\"workflow_id\": \"musinsa-validation-v2\", \"priority\": 5, \"params\": {\"products\": [" + PRODUCT
                        + "]}, \"metadata\": {\"by\": \"test\"}}");
        assertEquals(202, reply.status(), reply.raw());
        JsonNode data = reply.body().path("data");
        assertTrue(
                data.path("job_id")
                        .asText()
                        .matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"),
                reply.raw());
        assertEquals("musinsa", data.path("platform").asText());
        assertEquals("pending", data.path("status").asText());
        assertEquals(queuedBefore + 1, queued());

        JsonNode job =
                api.get("/api/v2/jobs/" + data.path("job_id").asText()).body().path("data");
        assertEquals("pending", job.path("status").asText());
        assertEquals(5, job.path("priority").asInt());
        assertEquals(0, job.path("attempts").asInt());
        assertEquals("test", job.path("metadata").path("by").asText());
        assertEquals(1, job.path("params").path("concurrency").asInt(), "workflow defaults fill missing params");
        assertTrue(job.path("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
    }

    @Test
    void aQueuedJobCanBeCancelledOnceAndLeavesItsQueue() throws Exception {
        long queuedBefore = queued();
        String jobId = api.post(
                        "/api/v2/workflows/execute",
                        "{\"workflow_id\": \"musinsa-validation-v2\", \"params\": {\"products\": [" + PRODUCT + "]}}")
                .body()
                .path("data")
                .path("job_id")
                .asText();
        assertEquals(queuedBefore + 1, queued());

        Api.Reply cancelled = api.post("/api/v2/jobs/" + jobId + "/cancel", "");
        assertEquals(200, cancelled.status(), cancelled.raw());
        assertEquals("cancelled", cancelled.body().path("data").path("status").asText());
        assertEquals(queuedBefore, queued());
        assertEquals(
                "cancelled",
                api.get("/api/v2/jobs/" + jobId)
                        .body()
                        .path("data")
                        .path("status")
                        .asText());

        Api.Reply again = api.post("/api/v2/jobs/" + jobId + "/cancel", "");
        assertEquals(409, again.status(), again.raw());
        assertEquals("job_finished", again.body().path("error").path("code").asText());
        Api.Reply unknown = api.post("/api/v2/jobs/019ad0c1-0000-7000-8000-000000000000/cancel", "");
        assertEquals(404, unknown.status(), unknown.raw());
    }

    @Test
    void unknownJobsAndEndpointsAnswerWithTheEnvelope() throws Exception {
        Api.Reply missing = api.get("/api/v2/jobs/019ad0c1-0000-7000-8000-000000000000");
        assertEquals(404, missing.status());
        assertEquals("job_not_found", missing.body().path("error").path("code").asText());
        Api.Reply malformed = api.get("/api/v2/jobs/not-a-uuid");
        assertEquals(400, malformed.status(), malformed.raw());
        assertEquals(
                "invalid_job_id", malformed.body().path("error").path("code").asText());
        assertEquals("id", malformed.body().path("error").path("field").asText());
        Api.Reply traversal = api.get("/api/v2/jobs/..%2F..%2Fetc%2Fpasswd");
        assertEquals(404, traversal.status(), traversal.raw());
        assertEquals(
                "no_such_endpoint", traversal.body().path("error").path("code").asText());
        Api.Reply nowhere = api.get("/api/v2/nothing-here");
        assertEquals(404, nowhere.status());
        assertEquals(
                "no_such_endpoint", nowhere.body().path("error").path("code").asText());
        Api.Reply badLimit = api.get("/api/v2/jobs/019ad0c1-0000-7000-8000-000000000000/results?limit=-3");
        assertTrue(badLimit.status() == 400 || badLimit.status() == 404, badLimit.raw());
    }

    private static long queued() throws Exception {
        return api.get("/api/v2/jobs/running")
                .body()
                .path("data")
                .path("summary")
                .path("queued_count")
                .asLong();
    }
}
