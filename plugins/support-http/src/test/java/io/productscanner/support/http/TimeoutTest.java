package io.productscanner.support.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.plugin.testkit.LoopbackServer;
import io.productscanner.plugin.testkit.LoopbackServer.Reply;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ScanException;
import io.productscanner.support.core.egress.EgressPolicy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

class TimeoutTest {
    private static final Request PRODUCT =
            new Request.Builder().url("https://api.example.com/goods/1").build();
    private static final HttpSettings SHORT_READ_TIMEOUT = HttpSettings.builder()
            .pacing(Duration.ZERO)
            .readTimeout(Duration.ofMillis(200))
            .backoffBase(Duration.ofMillis(10))
            .backoffMax(Duration.ofMillis(10))
            .build();

    @Test
    void aSlowAnswerIsATimeout() throws Exception {
        try (LoopbackServer server =
                LoopbackServer.start().enqueue(Reply.of(200, "late").after(Duration.ofSeconds(2)))) {
            OkHttpClient client =
                    client(server, SHORT_READ_TIMEOUT.toBuilder().maxAttempts(1).build());
            long started = System.nanoTime();

            ScanException failure = assertThrows(ScanException.class, () -> HttpCalls.fetchText(client, PRODUCT));

            assertEquals(FailureKind.TIMEOUT, failure.kind());
            assertTrue(failure.retryable());
            assertTrue(elapsedSince(started).compareTo(Duration.ofMillis(1500)) < 0, "gave up only after the answer");
        }
    }

    @Test
    void aTimedOutAttemptIsRetried() throws Exception {
        try (LoopbackServer server = LoopbackServer.start()
                .enqueue(Reply.of(200, "late").after(Duration.ofSeconds(2)), Reply.of(200, "on time"))) {
            TextResponse response = HttpCalls.fetchText(client(server, SHORT_READ_TIMEOUT), PRODUCT);

            assertEquals("on time", response.body());
            assertEquals(2, server.requests().size());
        }
    }

    @Test
    void theCallTimeoutBoundsRetriesAndBackoff() throws Exception {
        try (LoopbackServer server = LoopbackServer.start()
                .enqueue(Reply.of(429, ""), Reply.of(429, ""), Reply.of(429, ""), Reply.of(429, ""))) {
            HttpSettings patientRetries = HttpSettings.builder()
                    .pacing(Duration.ZERO)
                    .maxAttempts(4)
                    .backoffBase(Duration.ofSeconds(2))
                    .backoffMax(Duration.ofSeconds(2))
                    .callTimeout(Duration.ofMillis(400))
                    .build();
            OkHttpClient client = client(server, patientRetries);
            long started = System.nanoTime();

            ScanException failure = assertThrows(ScanException.class, () -> HttpCalls.fetchText(client, PRODUCT));

            assertEquals(FailureKind.TIMEOUT, failure.kind());
            assertTrue(
                    elapsedSince(started).compareTo(Duration.ofMillis(900)) < 0,
                    "the backoff wait outlived the call timeout: " + elapsedSince(started));
            assertEquals(1, server.requests().size());
        }
    }

    @Test
    void aRefusedConnectionIsANetworkFailure() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        // a loopback port, which only a mirror may be: let the policy allow it, without rewriting URLs
        OkHttpClient client = HttpClients.create(
                SHORT_READ_TIMEOUT.toBuilder().maxAttempts(1).build(),
                Optional.empty(),
                EgressPolicy.forSiteMirror(Optional.of(URI.create("http://127.0.0.1:" + closedPort))));

        ScanException failure = assertThrows(
                ScanException.class,
                () -> HttpCalls.fetchText(
                        client,
                        new Request.Builder()
                                .url("http://127.0.0.1:" + closedPort + "/goods/1")
                                .build()));

        assertEquals(FailureKind.NETWORK, failure.kind());
        assertTrue(failure.getMessage().contains("127.0.0.1:" + closedPort), failure.getMessage());
    }

    private static OkHttpClient client(LoopbackServer server, HttpSettings settings) {
        return HttpClients.create(TestContexts.withMirror(server.url()), settings);
    }

    private static Duration elapsedSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
