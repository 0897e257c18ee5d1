package io.productscanner.support.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.plugin.testkit.LoopbackServer;
import io.productscanner.plugin.testkit.LoopbackServer.Reply;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ScanException;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryTest {
    private static final Request PRODUCT =
            new Request.Builder().url("https://api.example.com/goods/1").build();
    private static final HttpSettings FAST_RETRIES = HttpSettings.builder()
            .pacing(Duration.ZERO)
            .maxAttempts(3)
            .backoffBase(Duration.ofMillis(100))
            .backoffMax(Duration.ofMillis(400))
            .build();

    @Test
    void retriesA429ThenSucceeds() throws Exception {
        try (LoopbackServer server = LoopbackServer.start().enqueue(Reply.of(429, "slow down"), Reply.of(200, "ok"))) {
            TextResponse response = HttpCalls.fetchText(client(server, FAST_RETRIES), PRODUCT);

            assertEquals(200, response.status());
            assertEquals("ok", response.body());
            List<LoopbackServer.Request> requests = server.requests();
            assertEquals(2, requests.size());
            assertAtLeastApart(Duration.ofMillis(50), requests.get(0), requests.get(1));
        }
    }

    @Test
    void backoffDoublesBetweenRetries() throws Exception {
        try (LoopbackServer server =
                LoopbackServer.start().enqueue(Reply.of(503, ""), Reply.of(502, ""), Reply.of(200, "ok"))) {
            TextResponse response = HttpCalls.fetchText(client(server, FAST_RETRIES), PRODUCT);

            assertEquals(200, response.status());
            List<LoopbackServer.Request> requests = server.requests();
            // jitter keeps at least half of 100 ms, then of 200 ms
            assertAtLeastApart(Duration.ofMillis(50), requests.get(0), requests.get(1));
            assertAtLeastApart(Duration.ofMillis(100), requests.get(1), requests.get(2));
        }
    }

    @Test
    void waitsForAShortRetryAfter() throws Exception {
        try (LoopbackServer server =
                LoopbackServer.start().enqueue(Reply.of(429, "").withHeader("Retry-After", "1"), Reply.of(200, "ok"))) {
            TextResponse response = HttpCalls.fetchText(client(server, FAST_RETRIES), PRODUCT);

            assertEquals(200, response.status());
            List<LoopbackServer.Request> requests = server.requests();
            assertAtLeastApart(Duration.ofMillis(980), requests.get(0), requests.get(1));
        }
    }

    @Test
    void aLongRetryAfterEndsTheRetries() throws Exception {
        try (LoopbackServer server = LoopbackServer.start()
                .enqueue(Reply.of(429, "").withHeader("Retry-After", "3600"), Reply.of(200, "ok"))) {
            TextResponse response = HttpCalls.fetchText(client(server, FAST_RETRIES), PRODUCT);

            assertEquals(429, response.status());
            assertEquals(1, server.requests().size());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {403, 429})
    void aRefusalThatOutlastsTheRetriesIsBlocked(int status) throws Exception {
        try (LoopbackServer server = LoopbackServer.start()
                .enqueue(Reply.of(status, ""), Reply.of(status, ""), Reply.of(status, ""), Reply.of(200, "late"))) {
            TextResponse response = HttpCalls.fetchText(client(server, FAST_RETRIES), PRODUCT);

            assertEquals(status, response.status());
            assertEquals(3, server.requests().size());
            ScanException failure = HttpFailures.forStatus(response);
            assertEquals(FailureKind.BLOCKED, failure.kind());
            assertTrue(failure.retryable());
            assertTrue(failure.getMessage().contains("https://api.example.com/goods/1"), failure.getMessage());
        }
    }

    @Test
    void aServerErrorThatOutlastsTheRetriesIsUpstream() throws Exception {
        try (LoopbackServer server =
                LoopbackServer.start().enqueue(Reply.of(500, ""), Reply.of(500, ""), Reply.of(500, ""))) {
            TextResponse response = HttpCalls.fetchText(client(server, FAST_RETRIES), PRODUCT);

            assertEquals(3, server.requests().size());
            assertEquals(FailureKind.UPSTREAM, HttpFailures.forStatus(response).kind());
        }
    }

    @Test
    void otherClientErrorsAreNotRetried() throws Exception {
        try (LoopbackServer server = LoopbackServer.start().enqueue(Reply.of(404, "{\"gone\":true}"))) {
            TextResponse response = HttpCalls.fetchText(client(server, FAST_RETRIES), PRODUCT);

            assertEquals(404, response.status());
            assertEquals("{\"gone\":true}", response.body());
            assertEquals(1, server.requests().size());
        }
    }

    @Test
    void retriesADroppedConnection() throws Exception {
        try (LoopbackServer server = LoopbackServer.start().enqueue(Reply.dropConnection(), Reply.of(200, "ok"))) {
            TextResponse response = HttpCalls.fetchText(client(server, FAST_RETRIES), PRODUCT);

            assertEquals("ok", response.body());
            assertEquals(2, server.requests().size());
        }
    }

    @Test
    void aConnectionDroppedOnEveryAttemptIsANetworkFailure() throws Exception {
        try (LoopbackServer server = LoopbackServer.start()
                .enqueue(Reply.dropConnection(), Reply.dropConnection(), Reply.dropConnection())) {
            ScanException failure =
                    assertThrows(ScanException.class, () -> HttpCalls.fetchText(client(server, FAST_RETRIES), PRODUCT));

            assertEquals(FailureKind.NETWORK, failure.kind());
            assertEquals(3, server.requests().size());
        }
    }

    @Test
    void oneAttemptMeansNoRetry() throws Exception {
        try (LoopbackServer server = LoopbackServer.start().enqueue(Reply.of(429, ""), Reply.of(200, "ok"))) {
            HttpSettings noRetries = FAST_RETRIES.toBuilder().maxAttempts(1).build();

            TextResponse response = HttpCalls.fetchText(client(server, noRetries), PRODUCT);

            assertEquals(429, response.status());
            assertEquals(1, server.requests().size());
        }
    }

    private static OkHttpClient client(LoopbackServer server, HttpSettings settings) {
        return HttpClients.create(TestContexts.withMirror(server.url()), settings);
    }

    private static void assertAtLeastApart(
            Duration minimum, LoopbackServer.Request first, LoopbackServer.Request second) {
        long gap = second.arrivedNanos() - first.arrivedNanos();
        assertTrue(
                gap >= minimum.toNanos(),
                "retry came " + gap / 1_000_000 + " ms after the previous attempt, expected at least "
                        + minimum.toMillis() + " ms");
    }
}
