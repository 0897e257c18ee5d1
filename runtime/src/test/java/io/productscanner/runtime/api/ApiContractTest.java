package io.productscanner.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.testing.ApiContract;
import io.productscanner.runtime.testing.ApiEnvelope;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API as its OpenAPI document says, through the real server with a token: the document is served at
 * {@code /openapi} without one, and the answers below (successes and each kind of refusal) validate against it.
 */
class ApiContractTest {
    private static final String TOKEN = "contract-token-0123456789";
    private static final String BEARER = "Bearer " + TOKEN;

    @RegisterExtension
    static final InProcessApi api = InProcessApi.perClass(Optional.of(TOKEN));

    @Test
    void theDocumentIsServedWithoutATokenAsYamlAndAsJson() throws Exception {
        HttpResponse<String> yaml = api.get(ApiDocument.PATH);
        assertEquals(200, yaml.statusCode(), yaml.body());
        assertTrue(yaml.body().contains("openapi: 3.1.0"), yaml.body());
        assertTrue(yaml.body().contains("/api/v2/workflows/execute:"), yaml.body());

        HttpResponse<String> json = api.get(ApiDocument.PATH, "Accept", "application/json");
        assertEquals(200, json.statusCode(), json.body());
        JsonNode document = Json.MAPPER.readTree(json.body());
        assertEquals("3.1.0", document.path("openapi").asText());
        assertEquals(
                ApiContract.get().operations().size(),
                ApiContract.get().operations().stream()
                        .filter(operation -> {
                            String[] parts = operation.split(" ", 2);
                            return document.path("paths").path(parts[1]).has(parts[0].toLowerCase());
                        })
                        .count(),
                "the served document is the one in META-INF/openapi.yaml");
    }

    @Test
    void successfulAnswersValidateAgainstTheDocument() throws Exception {
        for (String path : new String[] {
            "/api/v2/workflows",
            "/api/v2/jobs",
            "/api/v2/jobs?limit=1",
            "/api/v2/jobs/running",
            "/api/v2/jobs/dead",
            "/api/v2/platforms",
            "/api/v2/queues",
            "/api/v2/workers",
            "/api/v2/schedules"
        }) {
            checked("GET", path, api.get(path, "Authorization", BEARER), 200);
        }
        HttpResponse<String> accepted =
                api.postJson(InProcessApi.EXECUTE, InProcessApi.execute("{}"), "Authorization", BEARER);
        checked("POST", InProcessApi.EXECUTE, accepted, 202);
        String jobId = ApiEnvelope.data(accepted).path("job_id").asText();
        checked("GET", "/api/v2/jobs/" + jobId, api.get("/api/v2/jobs/" + jobId, "Authorization", BEARER), 200);
        checked(
                "GET",
                "/api/v2/jobs/" + jobId + "/results",
                api.get("/api/v2/jobs/" + jobId + "/results", "Authorization", BEARER),
                200);
    }

    @Test
    void refusalsValidateAgainstTheDocumentWithTheStatusItListsForTheRoute() throws Exception {
        checked("GET", "/api/v2/workflows", api.get("/api/v2/workflows"), 401);
        checked("GET", "/api/v2/jobs/not-a-uuid", api.get("/api/v2/jobs/not-a-uuid", "Authorization", BEARER), 400);
        checked(
                "GET",
                "/api/v2/jobs/019ad0c1-0000-7000-8000-000000000000",
                api.get("/api/v2/jobs/019ad0c1-0000-7000-8000-000000000000", "Authorization", BEARER),
                404);
        checked(
                "GET",
                "/api/v2/jobs?cursor=nonsense",
                api.get("/api/v2/jobs?cursor=nonsense", "Authorization", BEARER),
                400);
        checked("GET", "/api/v2/no-such-thing", api.get("/api/v2/no-such-thing", "Authorization", BEARER), 404);
        checked(
                "POST",
                InProcessApi.EXECUTE,
                api.postJson(InProcessApi.EXECUTE, "{\"workflow_id\": \"nope\"}", "Authorization", BEARER),
                404);
        checked(
                "POST",
                InProcessApi.EXECUTE,
                api.postJson(InProcessApi.EXECUTE, "{\"workflow_id\": 7}", "Authorization", BEARER),
                400);
        checked(
                "POST",
                InProcessApi.EXECUTE,
                api.postJson(
                        InProcessApi.EXECUTE,
                        InProcessApi.execute("{}"),
                        "Authorization",
                        BEARER,
                        "Origin",
                        "https://evil.example"),
                403);
        checked(
                "POST",
                InProcessApi.EXECUTE,
                api.send(HttpRequest.newBuilder(api.uri(InProcessApi.EXECUTE))
                        .header("Authorization", BEARER)
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString(InProcessApi.execute("{}")))),
                415);
        checked(
                "POST",
                "/api/v2/schedules/none/run-now",
                api.postJson("/api/v2/schedules/none/run-now", "", "Authorization", BEARER),
                404);
    }

    /** The answer has {@code status} and the document allows it for {@code method} {@code path}. */
    static void checked(String method, String path, HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), method + " " + path + ": " + response.body());
        ApiContract.get()
                .check(
                        method,
                        path,
                        response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(null),
                        response.headers().firstValue("Location").orElse(null),
                        response.body());
    }
}
