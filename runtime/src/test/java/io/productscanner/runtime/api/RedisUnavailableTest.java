package io.productscanner.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.testing.ApiContract;
import io.productscanner.runtime.testing.ApiEnvelope;
import io.productscanner.runtime.testing.ApiFixture;
import io.productscanner.runtime.testing.TestApi;
import io.productscanner.runtime.testing.TestNodes;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real redis-server stopped under the running API, then started again: meanwhile every call that needs Redis is
 * a 503 {@code redis_unavailable} with {@code Retry-After} in the error envelope (never a 500 naming a class), and
 * readiness says Redis is down; once Redis is back the same API answers again, without a restart.
 */
class RedisUnavailableTest {
    private static final String EXECUTE = "/api/v2/workflows/execute";

    @RegisterExtension
    static final Api api = new Api();

    @Test
    void whileRedisIsDownTheApiAnswers503RedisUnavailableAndRecoversWhenItIsBack() throws Exception {
        assertEquals(200, api.server().get("/api/v2/jobs/running").statusCode());

        api.server().redis().stopServer();
        // the calls wait out the client's command timeout together, not one after the other
        CompletableFuture<HttpResponse<String>> running = send(get("/api/v2/jobs/running"));
        CompletableFuture<HttpResponse<String>> history = send(get("/api/v2/jobs?limit=5"));
        CompletableFuture<HttpResponse<String>> submit =
                send(HttpRequest.newBuilder(api.server().uri(EXECUTE))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"workflow_id\": \"noop-v1\"}")));
        CompletableFuture<HttpResponse<String>> health = send(get("/observe/health"));

        assertRedisUnavailable("GET", "/api/v2/jobs/running", running.join());
        assertRedisUnavailable("GET", "/api/v2/jobs?limit=5", history.join());
        assertRedisUnavailable("POST", EXECUTE, submit.join());
        HttpResponse<String> down = health.join();
        assertEquals(503, down.statusCode(), down.body());
        assertFalse(down.body().contains("\"status\":\"UP\""), down.body());

        api.server().redis().startServerAgain();
        HttpResponse<String> back = untilAnswered("/api/v2/jobs/running");
        assertEquals(200, back.statusCode(), back.body());
        HttpResponse<String> queued = api.server().postJson(EXECUTE, "{\"workflow_id\": \"noop-v1\"}");
        assertEquals(202, queued.statusCode(), queued.body());
        assertEquals(200, api.server().get("/observe/health").statusCode());
    }

    private static void assertRedisUnavailable(String method, String path, HttpResponse<String> answer) {
        assertEquals(503, answer.statusCode(), method + " " + path + ": " + answer.body());
        JsonNode error = ApiEnvelope.error(answer);
        assertEquals("redis_unavailable", error.path("code").asText(), answer.body());
        assertFalse(error.path("message").asText().contains("Exception"), "no class name: " + answer.body());
        long retryAfter =
                Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(RedisUnavailable.RETRY_AFTER.toSeconds(), retryAfter);
        ApiContract.get()
                .check(
                        method,
                        path,
                        answer.statusCode(),
                        answer.headers().firstValue("Content-Type").orElse(null),
                        null,
                        answer.body());
    }

    /** Asks until Redis answers again (the client reconnects with a growing back-off), for at most a minute. */
    private static HttpResponse<String> untilAnswered(String path) throws Exception {
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(1));
        HttpResponse<String> answer = api.server().get(path);
        while (answer.statusCode() == 503 && Instant.now().isBefore(giveUp)) {
            Thread.sleep(200);
            answer = api.server().get(path);
        }
        return answer;
    }

    private static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(api.server().uri(path)).GET();
    }

    private static CompletableFuture<HttpResponse<String>> send(HttpRequest.Builder request) {
        return api.server()
                .http()
                .sendAsync(request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The no-op workflow over a Redis the test stops and starts again. */
    static final class Api extends ApiFixture {
        @Override
        protected TestApi.Builder configure(TestApi.Builder api) {
            return api.nodeType(TestNodes.noop()).workflow("noop-v1", "noop").restartableRedis();
        }

        TestApi server() {
            return api();
        }
    }
}
