package io.productscanner.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.runtime.ProductScannerCommand;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.config.SettingsException;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.testing.RestoreLogging;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A page on another site, in the operator's browser, against the real server without a token: it reaches
 * 127.0.0.1 by its own address (so the Host check passes) and sends what browsers send without asking first.
 * Every write it tries is refused with 403 and changes nothing; the API's own pages (the console), configured
 * origins and callers that are not browsers keep writing.
 */
class ApiSecurityCrossOriginTest {
    @RegisterExtension
    static final RestoreLogging LOGGING = new RestoreLogging();

    private static final String ALLOWED = "https://console.example:8443";

    @RegisterExtension
    static final InProcessApi api = InProcessApi.perClass(
            Settings.of(Map.of("PORT", "0", "HOST", "127.0.0.1", "API_ALLOWED_ORIGINS", ALLOWED + "/")));

    @Test
    void aFormPostedFromAnotherSiteSubmitsNothing() throws Exception {
        long keysBefore = api.storedKeys();
        // what <form method=post enctype=text/plain> sends: a body that happens to be JSON
        String body = InProcessApi.execute("{}");

        InProcessApi.RawResponse response = post(
                InProcessApi.EXECUTE,
                "Origin: http://evil.example\r\nSec-Fetch-Site: cross-site\r\nContent-Type: text/plain\r\n",
                body);

        assertRefused(response);
        assertEquals(keysBefore, api.storedKeys(), "nothing queued");
    }

    @Test
    void aBodilessPostFromAnotherSiteCancelsNothing() throws Exception {
        String jobId = submitted();

        InProcessApi.RawResponse byOrigin = post(
                "/api/v2/jobs/" + jobId + "/cancel", "Origin: http://evil.example\r\nContent-Type: text/plain\r\n", "");
        InProcessApi.RawResponse byFetchMetadata =
                post("/api/v2/jobs/" + jobId + "/cancel", "Sec-Fetch-Site: cross-site\r\n", "");
        InProcessApi.RawResponse byOtherPort = post(
                "/api/v2/jobs/" + jobId + "/cancel",
                "Origin: http://127.0.0.1:8080\r\nSec-Fetch-Site: same-site\r\n",
                "");
        InProcessApi.RawResponse fromOpaqueOrigin = post("/api/v2/jobs/" + jobId + "/cancel", "Origin: null\r\n", "");

        assertRefused(byOrigin);
        assertRefused(byFetchMetadata);
        assertRefused(byOtherPort);
        assertRefused(fromOpaqueOrigin);
        assertEquals("pending", status(jobId), "the job was not cancelled");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "DELETE /api/v2/schedules/nightly",
                "POST /api/v2/jobs/dead",
                "POST /api/v2/workers/musinsa/restart",
                "POST /api/v2/schedules/nightly/run-now"
            })
    void everyKindOfWriteIsHeld(String requestLine) throws Exception {
        InProcessApi.RawResponse response = api.raw(
                requestLine + " HTTP/1.1\r\nHost: 127.0.0.1:" + api.port()
                        + "\r\nOrigin: https://evil.example\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                new byte[0]);

        assertRefused(response);
    }

    @Test
    void theApisOwnPageWritesAsBefore() throws Exception {
        String self = "http://127.0.0.1:" + api.port();
        String jobId = Json.read(post(
                                InProcessApi.EXECUTE,
                                "Origin: " + self + "\r\nSec-Fetch-Site: same-origin\r\n"
                                        + "Content-Type: application/json\r\n",
                                InProcessApi.execute("{}"))
                        .body())
                .path("data")
                .path("job_id")
                .asText();
        assertFalse(jobId.isEmpty(), "submitted");

        InProcessApi.RawResponse cancelled = post(
                "/api/v2/jobs/" + jobId + "/cancel", "Origin: " + self + "\r\nSec-Fetch-Site: same-origin\r\n", "");

        assertEquals(200, cancelled.status(), cancelled.toString());
        assertEquals("cancelled", status(jobId));
    }

    @Test
    void aConfiguredOriginMayWrite() throws Exception {
        String jobId = submitted();

        InProcessApi.RawResponse response = post(
                "/api/v2/jobs/" + jobId + "/cancel", "Origin: " + ALLOWED + "\r\nSec-Fetch-Site: cross-site\r\n", "");

        assertEquals(200, response.status(), response.toString());
    }

    @Test
    void callersThatAreNotBrowsersSendNeitherHeaderAndWrite() throws Exception {
        String jobId = submitted();

        InProcessApi.RawResponse response = post("/api/v2/jobs/" + jobId + "/cancel", "User-Agent: curl/8.5.0\r\n", "");

        assertEquals(200, response.status(), response.toString());
    }

    @Test
    void theOperatorCliSubmitsAndCancelsAsBefore() throws Exception {
        Settings cli = Settings.of(Map.of("API_URL", "http://localhost:" + api.port()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int submitted = ProductScannerCommand.run(
                new String[] {"submit", InProcessApi.WORKFLOW_ID, "--json"},
                () -> cli,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        assertEquals(0, submitted, err.toString(StandardCharsets.UTF_8));
        String jobId =
                Json.read(out.toString(StandardCharsets.UTF_8)).path("job_id").asText();
        int cancelled = ProductScannerCommand.run(
                new String[] {"cancel", jobId, "--json"},
                () -> cli,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false);

        assertEquals(0, cancelled, err.toString(StandardCharsets.UTF_8));
        assertEquals("cancelled", status(jobId));
    }

    @Test
    void readsFromAnotherSiteAreAnsweredWithoutAnyCorsGrant() throws Exception {
        InProcessApi.RawResponse read = api.raw(
                "GET /api/v2/platforms HTTP/1.1\r\nHost: 127.0.0.1:" + api.port()
                        + "\r\nOrigin: http://evil.example\r\nSec-Fetch-Site: cross-site\r\nConnection: close\r\n\r\n",
                new byte[0]);
        InProcessApi.RawResponse preflight = api.raw(
                "OPTIONS " + InProcessApi.EXECUTE + " HTTP/1.1\r\nHost: "
                        + "127.0.0.1:" + api.port()
                        + "\r\nOrigin: http://evil.example\r\nAccess-Control-Request-Method: POST"
                        + "\r\nAccess-Control-Request-Headers: content-type\r\nConnection: close\r\n\r\n",
                new byte[0]);

        assertEquals(200, read.status(), read.toString());
        // the browser hands the answer to no other origin, and never sends a JSON or PUT/DELETE write after this
        assertTrue(read.headers().keySet().stream().noneMatch(h -> h.startsWith("access-control-")), read.toString());
        assertTrue(preflight.status() >= 400, preflight.toString());
        assertTrue(
                preflight.headers().keySet().stream().noneMatch(h -> h.startsWith("access-control-")),
                preflight.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"console.example", "https://console.example/app", "ftp://console.example", "*", "null"})
    void aConfiguredOriginThatIsNotOneStopsStartUp(String origins) {
        SettingsException e = assertThrows(
                SettingsException.class, () -> ApiAccess.from(Settings.of(Map.of("API_ALLOWED_ORIGINS", origins))));

        assertTrue(
                e.getMessage().startsWith("API_ALLOWED_ORIGINS: '" + origins + "' is not an origin"), e.getMessage());
    }

    private static void assertRefused(InProcessApi.RawResponse response) {
        assertEquals(403, response.status(), response.toString());
        assertTrue(
                response.headers().getOrDefault("content-type", "").startsWith("application/json"),
                response.toString());
        assertEquals(
                "cross_origin_write",
                Json.read(response.body()).path("error").path("code").asText(),
                response.body());
    }

    private static String submitted() throws Exception {
        var response = api.postJson(InProcessApi.EXECUTE, InProcessApi.execute("{}"));
        assertEquals(202, response.statusCode(), response.body());
        return Json.read(response.body()).path("data").path("job_id").asText();
    }

    private static String status(String jobId) throws Exception {
        return Json.read(api.get("/api/v2/jobs/" + jobId).body())
                .path("data")
                .path("status")
                .asText();
    }

    private static InProcessApi.RawResponse post(String path, String headers, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return api.raw(
                "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + api.port() + "\r\n" + headers + "Content-Length: "
                        + bytes.length + "\r\nConnection: close\r\n\r\n",
                bytes);
    }
}
