package io.productscanner.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.config.SettingsException;
import io.productscanner.runtime.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DNS rebinding, through the real server without a token: a page whose name now resolves to 127.0.0.1 reaches
 * the API with its own name in {@code Host}, and is refused before anything is read or queued; callers using
 * localhost, an IP address or a configured name are answered.
 */
class ApiSecurityHostHeaderTest {
    @TempDir
    static Path root;

    @RegisterExtension
    static final InProcessApi api = InProcessApi.perClass(Settings.of(
            Map.of("PORT", "0", "HOST", "127.0.0.1", "API_ALLOWED_HOSTS", "scanner.internal, Ops.Example:8443")));

    @ParameterizedTest
    @ValueSource(
            strings = {
                "evil.example:3989",
                "evil.example",
                "localhost.evil.example",
                "127.0.0.1.nip.io",
                "localhost.",
                "scanner.internal.evil.example",
                "0x7f000001",
                "2130706433"
            })
    void aRebindingPageIsToldItReachedTheWrongServer(String host) throws Exception {
        InProcessApi.RawResponse response = send("GET /api/v2/jobs/running", host, "");

        assertEquals(421, response.status(), host + " -> " + response);
        JsonNode error = error(response);
        assertEquals("misdirected_request", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("API_ALLOWED_HOSTS"), response.body());
    }

    @Test
    void theOpenApiDocumentIsHostCheckedThoughItNeedsNoToken() throws Exception {
        assertEquals(421, send("GET /openapi", "evil.example", "").status());
        assertEquals(200, send("GET /openapi", "localhost", "").status());
    }

    @Test
    void aRebindingPageCannotSubmitEvenWithAJsonBody() throws Exception {
        long keysBefore = api.storedKeys();
        String body = InProcessApi.execute("{}");

        InProcessApi.RawResponse response = send(
                "POST " + InProcessApi.EXECUTE,
                "evil.example:" + api.port(),
                "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n",
                body);

        assertEquals(421, response.status(), response.toString());
        assertEquals(keysBefore, api.storedKeys(), "nothing queued");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost:%d",
                "LOCALHOST:%d",
                "127.0.0.1:%d",
                "[::1]:%d",
                "localhost",
                "127.0.0.1",
                "192.0.2.7:%d",
                "[2001:db8::1]:%d",
                "scanner.internal:%d",
                "ops.example",
                "OPS.EXAMPLE:8443",
                "localhost:1"
            })
    void localhostAnIpAddressOrAConfiguredNameIsAnswered(String host) throws Exception {
        InProcessApi.RawResponse response = send("GET /api/v2/platforms", host.formatted(api.port()), "");

        assertEquals(200, response.status(), host + " -> " + response);
    }

    @Test
    void aRequestWithoutOrWithTwoHostHeadersIsRefused() throws Exception {
        InProcessApi.RawResponse none =
                api.raw("GET /api/v2/platforms HTTP/1.1\r\nConnection: close\r\n\r\n", new byte[0]);
        InProcessApi.RawResponse two = api.raw(
                "GET /api/v2/platforms HTTP/1.1\r\nHost: localhost\r\n"
                        + "Host: evil.example\r\nConnection: close\r\n\r\n",
                new byte[0]);

        assertEquals(400, none.status(), none.toString());
        assertEquals(400, two.status(), two.toString());
        error(none);
        error(two);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/observe/health", "/observe/metrics"})
    void healthAndMetricsAnswerProbesByAnyName(String path) throws Exception {
        InProcessApi.RawResponse response = send("GET " + path, "product-scanner-api.default.svc:3989", "");

        assertEquals(200, response.status(), response.toString());
    }

    @Test
    void aServerWithATokenAndNoConfiguredNamesAnswersAnyName() throws Exception {
        // the token is the credential then; in a cluster or behind a proxy the names are not known here
        String token = "a-token-of-24-characters";
        try (InProcessApi withToken = InProcessApi.start(root.resolve("token"), Optional.of(token))) {
            InProcessApi.RawResponse response = withToken.raw(
                    "GET /api/v2/platforms HTTP/1.1\r\n"
                            + "Host: product-scanner-api:3989\r\nAuthorization: Bearer " + token + "\r\n"
                            + "Connection: close\r\n\r\n",
                    new byte[0]);

            assertEquals(200, response.status(), response.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://scanner.internal", "scanner.internal/api", "*", "evil.example, *.example"})
    void aConfiguredNameThatIsNotAHostNameStopsStartUp(String names) {
        SettingsException e = assertThrows(
                SettingsException.class, () -> ApiAccess.from(Settings.of(Map.of("API_ALLOWED_HOSTS", names))));

        assertTrue(e.getMessage().startsWith("API_ALLOWED_HOSTS: '"), e.getMessage());
    }

    private static InProcessApi.RawResponse send(String requestLine, String host, String headers) throws Exception {
        return send(requestLine, host, headers, "");
    }

    private static InProcessApi.RawResponse send(String requestLine, String host, String headers, String body)
            throws Exception {
        return api.raw(
                requestLine + " HTTP/1.1\r\nHost: " + host + "\r\n" + headers + "Connection: close\r\n\r\n",
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode error(InProcessApi.RawResponse response) {
        assertTrue(
                response.headers().getOrDefault("content-type", "").startsWith("application/json"),
                response.toString());
        JsonNode body = Json.read(response.body());
        assertEquals(false, body.path("success").asBoolean(true), response.body());
        return body.path("error");
    }
}
