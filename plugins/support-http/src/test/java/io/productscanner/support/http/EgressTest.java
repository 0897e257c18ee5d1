package io.productscanner.support.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.plugin.testkit.LoopbackServer;
import io.productscanner.plugin.testkit.LoopbackServer.Reply;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ScanException;
import io.productscanner.support.core.egress.EgressPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real OkHttp client of the plugins against loopback servers standing for internal services: a request, a
 * redirect or a name leading to an internal address is refused before it connects, and fails the scan as a
 * forbidden destination naming the host and the rule.
 */
class EgressTest {
    private static final HttpSettings SETTINGS = HttpSettings.builder()
            .pacing(Duration.ZERO)
            .backoffBase(Duration.ofMillis(10))
            .backoffMax(Duration.ofMillis(20))
            .build();

    /** Stands for an internal service (Redis, the API, a metadata endpoint): nothing may ever connect to it. */
    private LoopbackServer canary;

    @BeforeEach
    void startCanary() throws Exception {
        canary = LoopbackServer.start(request -> Reply.of(200, "canary"));
    }

    @AfterEach
    void stopCanary() throws Exception {
        canary.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "localhost",
                "[::1]",
                "[::ffff:127.0.0.1]",
                "[::ffff:7f00:1]",
                "0.0.0.0",
                "127.0.0.2"
            })
    void aLoopbackDestinationIsRefusedBeforeItIsReached(String host) {
        OkHttpClient client = HttpClients.create(TestContexts.direct(), SETTINGS);
        String url = "http://" + host + ":" + canary.port() + "/admin";

        ScanException failure = assertThrows(ScanException.class, () -> HttpCalls.fetchText(client, get(url)));

        assertEquals(FailureKind.FORBIDDEN_DESTINATION, failure.kind(), failure.getMessage());
        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().contains(":" + canary.port()), failure.getMessage());
        assertTrue(
                failure.getMessage().contains("rule unspecified")
                        || failure.getMessage().contains("rule loopback"),
                failure.getMessage());
        assertEquals(0, canary.connections(), "the canary was reached");
    }

    @Test
    void aRedirectToAnInternalAddressIsRefusedBeforeItIsFollowed() throws Exception {
        try (LoopbackServer site = LoopbackServer.start()
                .enqueue(Reply.of(302, "").withHeader("Location", "http://127.0.0.1:" + canary.port() + "/internal"))) {
            OkHttpClient client = clientAllowing(site.url());

            ScanException failure = assertThrows(
                    ScanException.class, () -> HttpCalls.fetchText(client, get(site.url() + "/product/1")));

            assertEquals(FailureKind.FORBIDDEN_DESTINATION, failure.kind(), failure.getMessage());
            assertTrue(failure.getMessage().contains("127.0.0.1:" + canary.port()), failure.getMessage());
            assertTrue(failure.getMessage().contains("rule loopback"), failure.getMessage());
            assertEquals(1, site.requests().size(), "asked once: a refusal is not retried");
        }
        assertEquals(0, canary.connections(), "the redirect reached the canary");
    }

    @Test
    void aRedirectToANameOfAnInternalAddressIsRefused() throws Exception {
        try (LoopbackServer site = LoopbackServer.start()
                .enqueue(Reply.of(307, "").withHeader("Location", "http://localhost:" + canary.port() + "/internal"))) {
            ScanException failure = assertThrows(
                    ScanException.class,
                    () -> HttpCalls.fetchText(clientAllowing(site.url()), get(site.url() + "/product/1")));

            assertEquals(FailureKind.FORBIDDEN_DESTINATION, failure.kind(), failure.getMessage());
            assertTrue(failure.getMessage().contains("localhost:" + canary.port()), failure.getMessage());
        }
        assertEquals(0, canary.connections());
    }

    @Test
    void theSiteMirrorIsTheOnlyInternalDestination() throws Exception {
        try (LoopbackServer site = LoopbackServer.start().enqueue(Reply.of(200, "allowed"))) {
            OkHttpClient client = clientAllowing(site.url());

            assertEquals(
                    "allowed",
                    HttpCalls.fetchText(client, get(site.url() + "/a")).body());
            ScanException failure = assertThrows(
                    ScanException.class,
                    () -> HttpCalls.fetchText(client, get("http://127.0.0.1:" + canary.port() + "/b")));
            assertEquals(FailureKind.FORBIDDEN_DESTINATION, failure.kind());
        }
        assertEquals(0, canary.connections(), "another port of the mirror's host is not part of the exception");
    }

    @Test
    void requestsThroughTheSiteMirrorStillWork() throws Exception {
        try (LoopbackServer mirror = LoopbackServer.start()
                .enqueue(
                        Reply.of(302, "").withHeader("Location", "http://127.0.0.1:" + canary.port() + "/internal"),
                        Reply.of(200, "from the mirror"))) {
            OkHttpClient client = HttpClients.create(TestContexts.withMirror(mirror.url()), SETTINGS);

            TextResponse response = HttpCalls.fetchText(client, get("http://www.example.com/start"));

            assertEquals("from the mirror", response.body());
            assertEquals(
                    "/127.0.0.1/internal",
                    mirror.requests().get(1).target(),
                    "a redirect is answered by the mirror too");
        }
        assertEquals(0, canary.connections());
    }

    @Test
    void aRedirectFromHttpsDownToHttpIsRefused() throws Exception {
        try (LoopbackServer mirror = LoopbackServer.start()
                .enqueue(
                        Reply.of(301, "").withHeader("Location", "http://www.example.com/plain"),
                        Reply.of(200, "clear text"))) {
            OkHttpClient client = HttpClients.create(TestContexts.withMirror(mirror.url()), SETTINGS);

            ScanException failure = assertThrows(
                    ScanException.class, () -> HttpCalls.fetchText(client, get("https://www.example.com/secure")));

            assertEquals(FailureKind.FORBIDDEN_DESTINATION, failure.kind(), failure.getMessage());
            assertTrue(failure.getMessage().contains("rule https_downgrade"), failure.getMessage());
            assertEquals(1, mirror.requests().size(), "the http URL was never asked for");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"metadata.google.internal", "METADATA.GOOGLE.INTERNAL.", "metadata.goog", "instance-data"})
    void aCloudMetadataNameIsRefusedBeforeItIsLookedUp(String host) {
        OkHttpClient client = HttpClients.create(TestContexts.direct(), SETTINGS);

        ScanException failure = assertThrows(
                ScanException.class, () -> HttpCalls.fetchText(client, get("http://" + host + "/computeMetadata/v1/")));

        assertEquals(FailureKind.FORBIDDEN_DESTINATION, failure.kind(), failure.getMessage());
        assertTrue(failure.getMessage().contains("rule metadata"), failure.getMessage());
    }

    /** A client that may reach {@code site} as if it were the mirror, without rewriting URLs onto it. */
    private static OkHttpClient clientAllowing(URI site) {
        return HttpClients.create(SETTINGS, Optional.empty(), EgressPolicy.forSiteMirror(Optional.of(site)));
    }

    private static Request get(String url) {
        return new Request.Builder().url(url).build();
    }
}
