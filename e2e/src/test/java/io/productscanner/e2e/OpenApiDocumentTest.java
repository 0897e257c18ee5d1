package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.testing.ApiContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code api} process of the distribution, on the module path and with {@code API_TOKEN}, serves its OpenAPI
 * document at {@code /openapi} without the token (it holds no data), as YAML and as JSON, while the API itself
 * still asks for the token.
 */
class OpenApiDocumentTest {
    private static final String TOKEN = "openapi-e2e-token-0123456789";

    @Test
    void theApiProcessServesItsOpenApiDocumentWithoutAToken() throws Exception {
        int port = ScannerProcessHandle.freePort();
        try (TestRedisServer redis = new TestRedisServer();
                ScannerProcessHandle api = ScannerProcessHandle.start(
                        Map.of("REDIS_URL", redis.url(), "PORT", Integer.toString(port), "API_TOKEN", TOKEN), "api")) {
            api.awaitOutput("event=process.ready", Duration.ofSeconds(60));
            Api anonymous = new Api(port);

            Api.Reply yaml = anonymous.get("/openapi");
            assertEquals(200, yaml.status(), yaml.raw());
            assertTrue(yaml.raw().contains("openapi: 3.1.0"), yaml.raw());

            HttpResponse<String> json = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/openapi"))
                                    .header("Accept", "application/json")
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, json.statusCode(), json.body());
            JsonNode document = Api.JSON.readTree(json.body());
            assertEquals("3.1.0", document.path("openapi").asText());
            for (String operation : ApiContract.get().operations()) {
                String[] parts = operation.split(" ", 2);
                assertTrue(
                        document.path("paths").path(parts[1]).has(parts[0].toLowerCase()),
                        operation + " is in the served document");
            }

            assertEquals(401, anonymous.get("/api/v2/workflows").status(), "the API itself still needs the token");
            assertEquals(200, new Api(port, TOKEN).get("/api/v2/workflows").status());
        }
    }
}
