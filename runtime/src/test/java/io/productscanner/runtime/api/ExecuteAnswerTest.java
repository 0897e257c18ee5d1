package io.productscanner.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.testing.ApiContract;
import io.productscanner.runtime.testing.ApiEnvelope;
import io.productscanner.runtime.testing.ApiFixture;
import io.productscanner.runtime.testing.TestApi;
import io.productscanner.runtime.testing.TestNodes;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a submit answers, through the real server: every 202 that queued or follows a job says where it is
 * ({@code Location: /api/v2/jobs/{job_id}}); the original service's clients send {@code platform} in the execute
 * body and read {@code data.job_id}: a platform that agrees with the workflow's is taken (whatever its case or
 * separators), one that disagrees, or is not a string, is a 400 naming {@code platform} and queues nothing.
 */
class ExecuteAnswerTest {
    private static final String WORKFLOW = "oliveyoung-validation-v2";
    private static final String PLATFORM = "oliveyoung";
    private static final String EXECUTE = "/api/v2/workflows/execute";

    @RegisterExtension
    static final Api api = new Api();

    @Test
    void aQueuedJobsAnswerIs202WithItsLocationAndTheJobIdWhereTheSeedsClientsReadIt() throws Exception {
        HttpResponse<String> answer = submit("{\"workflow_id\": \"" + WORKFLOW + "\"}");

        assertEquals(202, answer.statusCode(), answer.body());
        String jobId = ApiEnvelope.data(answer).path("job_id").asText();
        assertEquals(
                "/api/v2/jobs/" + jobId, answer.headers().firstValue("Location").orElseThrow());
        assertEquals(200, api.server().get("/api/v2/jobs/" + jobId).statusCode(), "Location leads to the job");
        contract("POST", EXECUTE, answer);
    }

    @Test
    void aDuplicateSubmitIs200AndCarriesNoLocation() throws Exception {
        String body = "{\"workflow_id\": \"" + WORKFLOW + "\", \"idempotency_key\": \"" + UUID.randomUUID() + "\"}";
        HttpResponse<String> first = submit(body);
        HttpResponse<String> again = submit(body);

        assertEquals(202, first.statusCode(), first.body());
        assertEquals(200, again.statusCode(), again.body());
        assertTrue(again.headers().firstValue("Location").isEmpty(), "nothing new was accepted");
        contract("POST", EXECUTE, again);
    }

    @ParameterizedTest
    @ValueSource(strings = {"oliveyoung", "OliveYoung", "OLIVEYOUNG", "olive_young", "olive-young", " oliveyoung "})
    void aPlatformThatAgreesWithTheWorkflowsIsTakenInAnyCaseOrSpelling(String platform) throws Exception {
        HttpResponse<String> answer =
                submit("{\"workflow_id\": \"" + WORKFLOW + "\", \"platform\": \"" + platform + "\"}");

        assertEquals(202, answer.statusCode(), answer.body());
        JsonNode data = ApiEnvelope.data(answer);
        assertEquals(PLATFORM, data.path("platform").asText(), "the job runs on the workflow's platform");
        assertTrue(data.path("job_id").asText().matches("[0-9a-f-]{36}"), answer.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"musinsa\"", "\"\"", "\"oliveyoung2\"", "7", "true", "[\"oliveyoung\"]", "{}"})
    void aPlatformThatDisagreesOrIsNotAStringIsA400NamingItAndQueuesNothing(String platform) throws Exception {
        long queued = queued();

        HttpResponse<String> answer = submit("{\"workflow_id\": \"" + WORKFLOW + "\", \"platform\": " + platform + "}");

        assertEquals(400, answer.statusCode(), answer.body());
        JsonNode error = ApiEnvelope.error(answer);
        assertEquals("invalid_field", error.path("code").asText());
        assertEquals("platform", error.path("field").asText());
        assertEquals(queued, queued(), "nothing queued");
        contract("POST", EXECUTE, answer);
    }

    @Test
    void cancellingARunningJobIs202WithItsLocation() throws Exception {
        submit("{\"workflow_id\": \"" + WORKFLOW + "\"}");
        // as a worker would: the queue's next job (other tests here leave theirs queued) is now running
        String jobId = api.server()
                .queues()
                .jobs()
                .claim(PLATFORM, UUID.randomUUID().toString(), "test-worker")
                .orElseThrow()
                .jobId();

        HttpResponse<String> answer = api.server().postJson("/api/v2/jobs/" + jobId + "/cancel", "");

        assertEquals(202, answer.statusCode(), answer.body());
        assertEquals(
                "/api/v2/jobs/" + jobId, answer.headers().firstValue("Location").orElseThrow());
        contract("POST", "/api/v2/jobs/" + jobId + "/cancel", answer);
    }

    @Test
    void aScheduleRunNowIs202WithTheLocationOfTheJobItQueued() throws Exception {
        String id = "run-now-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = api.server()
                .postJson(
                        "/api/v2/schedules",
                        "{\"id\": \"" + id + "\", \"workflow_id\": \"" + WORKFLOW + "\", \"cron\": \"0 9 * * *\"}");
        assertEquals(201, created.statusCode(), created.body());
        contract("POST", "/api/v2/schedules", created);

        HttpResponse<String> answer = api.server().postJson("/api/v2/schedules/" + id + "/run-now", "");

        assertEquals(202, answer.statusCode(), answer.body());
        String jobId = ApiEnvelope.data(answer).path("job_id").asText();
        assertEquals(
                "/api/v2/jobs/" + jobId, answer.headers().firstValue("Location").orElseThrow());
        contract("POST", "/api/v2/schedules/" + id + "/run-now", answer);
    }

    @Test
    void anExtractAnsweredBeforeItsJobEndsIs202WithTheLocationItAlsoCallsFollow() throws Exception {
        HttpResponse<String> answer = api.server()
                .postJson(
                        "/api/v2/products/extract-by-url",
                        "{\"url\": \"https://www.musinsa.com/products/3674341\", \"timeout_ms\": 0}");

        assertEquals(202, answer.statusCode(), answer.body());
        JsonNode data = ApiEnvelope.data(answer);
        assertEquals(
                data.path("follow").asText(),
                answer.headers().firstValue("Location").orElseThrow());
        contract("POST", "/api/v2/products/extract-by-url", answer);
    }

    /** How many jobs wait in the platform's queue, as the API says. */
    private static long queued() throws Exception {
        return ApiEnvelope.data(api.server().get("/api/v2/jobs/running"))
                .path("queued")
                .path(PLATFORM)
                .asLong(0);
    }

    private static HttpResponse<String> submit(String body) throws Exception {
        return api.server().postJson(EXECUTE, body);
    }

    private static void contract(String method, String path, HttpResponse<String> answer) {
        ApiContract.get()
                .check(
                        method,
                        path,
                        answer.statusCode(),
                        answer.headers().firstValue("Content-Type").orElse(null),
                        answer.headers().firstValue("Location").orElse(null),
                        answer.body());
    }

    /** A workflow on a platform's queue, and the extract-by-URL workflow, each one no-op node; no worker runs. */
    static final class Api extends ApiFixture {
        @Override
        protected TestApi.Builder configure(TestApi.Builder api) {
            return api.nodeType(TestNodes.noop())
                    .workflow(WORKFLOW, PLATFORM, "noop")
                    .workflow(ProductExtractService.URL_WORKFLOW, "extract", "noop");
        }

        TestApi server() {
            return api();
        }
    }
}
