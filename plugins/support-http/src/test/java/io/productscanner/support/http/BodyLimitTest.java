package io.productscanner.support.http;

import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ScanException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Answers longer than {@code MAX_BODY_BYTES}, through the site mirror, fail at the limit instead of filling memory. */
class BodyLimitTest {
    private static final long LIMIT = 1024 * 1024;
    private static final HttpSettings SETTINGS = HttpSettings.builder().pacing(Duration.ZERO).maxBodyBytes(LIMIT)
            .callTimeout(Duration.ofSeconds(30)).build();
    private static final Request PRODUCT = new Request.Builder().url("https://api.example.com/goods/1").build();

    @Test
    void anEndlessBodyFailsAtTheLimit() throws Exception {
        try (BodyServer mirror = BodyServer.start(BodyServer.Kind.ENDLESS_CHUNKED)) {
            long started = System.nanoTime();

            ScanException failure = assertThrows(ScanException.class, () -> HttpCalls.fetchText(client(mirror),
                    PRODUCT));

            assertTooLarge(failure);
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0,
                    "took " + Duration.ofNanos(System.nanoTime() - started));
            assertTrue(mirror.bytesWritten() < 64 * LIMIT, "the client went on reading: " + mirror.bytesWritten());
        }
    }

    @Test
    void aLongerDeclaredLengthIsRefusedBeforeTheBodyIsRead() throws Exception {
        try (BodyServer mirror = BodyServer.start(BodyServer.Kind.SLOW_DECLARED_LENGTH)) {
            long started = System.nanoTime();

            ScanException failure = assertThrows(ScanException.class, () -> HttpCalls.fetchText(client(mirror),
                    PRODUCT));

            assertTooLarge(failure);
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(3)) < 0,
                    "waited for the body: " + Duration.ofNanos(System.nanoTime() - started));
        }
    }

    @Test
    void aCompressedBodyIsMeasuredInflated() throws Exception {
        try (BodyServer mirror = BodyServer.start(BodyServer.Kind.GZIP_BOMB)) {
            ScanException failure = assertThrows(ScanException.class, () -> HttpCalls.fetchText(client(mirror),
                    PRODUCT));

            assertTooLarge(failure);
            assertTrue(mirror.bytesWritten() < LIMIT, "the compressed body is small: " + mirror.bytesWritten());
        }
    }

    @Test
    void theDefaultLimitIsTenMebibytes() {
        assertEquals(10L * 1024 * 1024, HttpSettings.defaults().maxBodyBytes());
    }

    private static void assertTooLarge(ScanException failure) {
        assertEquals(FailureKind.UPSTREAM, failure.kind(), failure.getMessage());
        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().contains("larger than " + LIMIT + " bytes (MAX_BODY_BYTES)"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("https://api.example.com/goods/1"), failure.getMessage());
    }

    private static OkHttpClient client(BodyServer mirror) {
        return HttpClients.create(TestContexts.withMirror(mirror.url()), SETTINGS);
    }
}
