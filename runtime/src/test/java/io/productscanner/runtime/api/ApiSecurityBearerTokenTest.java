package io.productscanner.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.testing.ApiEnvelope;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** With API_TOKEN set, through the real server: the API needs the bearer token, health and metrics do not. */
class ApiSecurityBearerTokenTest {
    private static final String TOKEN = "s3cret-Token_0123456789.~+/=";
    private static final String RIGHT = "Bearer " + TOKEN;

    @RegisterExtension
    static final InProcessApi api = InProcessApi.perClass(Optional.of(TOKEN));

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v2/workflows",
                "/api/v2/jobs/running",
                "/api/v2/platforms",
                "/api/v2/jobs/019ad0c1-0000-7000-8000-000000000000",
                "/api/v2/no-such-thing",
                "/"
            })
    void withoutATokenEveryApiCallIsRefusedWithTheEnvelope(String path) throws Exception {
        HttpResponse<String> response = api.get(path);

        assertUnauthorized(response, "Bearer");
    }

    @Test
    void aWrongTokenIsRefusedAndSaysTheTokenIsInvalid() throws Exception {
        assertUnauthorized(
                api.get("/api/v2/workflows", "Authorization", "Bearer wrong"), "Bearer error=\"invalid_token\"");
        // a prefix of the right token, and the right token with one more character, are both wrong
        assertUnauthorized(
                api.get("/api/v2/workflows", "Authorization", RIGHT.substring(0, RIGHT.length() - 1)),
                "Bearer error=\"invalid_token\"");
        assertUnauthorized(
                api.get("/api/v2/workflows", "Authorization", RIGHT + "x"), "Bearer error=\"invalid_token\"");
    }

    @Test
    void anotherSchemeOrAnEmptyBearerCountsAsNoToken() throws Exception {
        assertUnauthorized(api.get("/api/v2/workflows", "Authorization", "Basic " + TOKEN), "Bearer");
        assertUnauthorized(api.get("/api/v2/workflows", "Authorization", "Bearer "), "Bearer");
        assertUnauthorized(api.get("/api/v2/workflows", "Authorization", TOKEN), "Bearer");
    }

    @Test
    void aSubmitWithoutTheTokenIsRefusedBeforeAnythingIsQueued() throws Exception {
        long keysBefore = api.storedKeys();

        assertUnauthorized(api.postJson(InProcessApi.EXECUTE, InProcessApi.execute("{}")), "Bearer");
        assertUnauthorized(
                api.postJson(InProcessApi.EXECUTE, InProcessApi.execute("{}"), "Authorization", "Bearer nope"),
                "Bearer error=\"invalid_token\"");
        assertEquals(keysBefore, api.storedKeys());
    }

    @Test
    void theRightTokenGetsTheUsualAnswers() throws Exception {
        HttpResponse<String> list = api.get("/api/v2/workflows", "Authorization", RIGHT);
        assertEquals(200, list.statusCode(), list.body());
        assertEquals(
                InProcessApi.WORKFLOW_ID,
                Json.read(list.body())
                        .path("data")
                        .path("workflows")
                        .path(0)
                        .path("workflow_id")
                        .asText());

        long keysBefore = api.storedKeys();
        HttpResponse<String> submitted =
                api.postJson(InProcessApi.EXECUTE, InProcessApi.execute("{}"), "Authorization", RIGHT);
        assertEquals(202, submitted.statusCode(), submitted.body());
        assertTrue(api.storedKeys() > keysBefore, "the job is queued");

        HttpResponse<String> missing =
                api.get("/api/v2/jobs/019ad0c1-0000-7000-8000-000000000000", "Authorization", RIGHT);
        assertEquals(404, missing.statusCode(), missing.body());
        assertEquals("job_not_found", ApiEnvelope.error(missing).path("code").asText());
    }

    @Test
    void theSchemeNameIsCaseInsensitive() throws Exception {
        HttpResponse<String> response = api.get("/api/v2/platforms", "Authorization", "bearer " + TOKEN);

        assertEquals(200, response.statusCode(), response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/observe/health", "/observe/metrics"})
    void healthAndMetricsStayOpen(String path) throws Exception {
        HttpResponse<String> response = api.get(path);

        assertEquals(200, response.statusCode(), response.body());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/observe/health/../../api/v2/workflows",
                "/observe/health/%2e%2e/%2e%2e/api/v2/workflows",
                "/observe/health%2f..%2f..%2fapi/v2/workflows",
                "/observe/health;x=/../../api/v2/workflows",
                "//api/v2/workflows",
                "/api/v2/%77orkflows",
                "/observe/healthz"
            })
    void aPathDressedUpAsAnOpenOneIsStillGuarded(String path) throws Exception {
        InProcessApi.RawResponse response =
                api.raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", new byte[0]);

        assertEquals(401, response.status(), path + " -> " + response);
    }

    private static void assertUnauthorized(HttpResponse<String> response, String challenge) {
        assertEquals(401, response.statusCode(), response.body());
        assertEquals(
                challenge, response.headers().firstValue("WWW-Authenticate").orElse(null));
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode error = ApiEnvelope.error(response);
        assertEquals("unauthorized", error.path("code").asText());
        assertTrue(error.path("field").isNull(), response.body());
        assertTrue(!error.path("message").asText().contains(TOKEN), "the token is never echoed");
    }
}
