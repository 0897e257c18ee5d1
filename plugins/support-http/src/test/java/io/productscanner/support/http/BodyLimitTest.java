package io.productscanner.support.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.plugin.testkit.LoopbackServer;
import io.productscanner.plugin.testkit.LoopbackServer.Reply;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ScanException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/** Answers longer than {@code MAX_BODY_BYTES}, through the site mirror, fail at the limit instead of filling memory. */
class BodyLimitTest {
    private static final long LIMIT = 1024 * 1024;
    private static final HttpSettings SETTINGS = HttpSettings.builder()
            .pacing(Duration.ZERO)
            .maxBodyBytes(LIMIT)
            .callTimeout(Duration.ofSeconds(30))
            .build();
    private static final Request PRODUCT =
            new Request.Builder().url("https://api.example.com/goods/1").build();
    private static final byte[] CHUNK = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);

    /** The bytes the mirror managed to write before the client stopped reading. */
    private final AtomicLong written = new AtomicLong();

    @Test
    void anEndlessBodyFailsAtTheLimit() throws Exception {
        try (LoopbackServer mirror = LoopbackServer.start(request -> endlessChunkedBody())) {
            long started = System.nanoTime();

            ScanException failure =
                    assertThrows(ScanException.class, () -> HttpCalls.fetchText(client(mirror), PRODUCT));

            assertTooLarge(failure);
            assertTrue(
                    Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0,
                    "took " + Duration.ofNanos(System.nanoTime() - started));
            assertTrue(written.get() < 64 * LIMIT, "the client went on reading: " + written.get());
        }
    }

    @Test
    void aLongerDeclaredLengthIsRefusedBeforeTheBodyIsRead() throws Exception {
        try (LoopbackServer mirror = LoopbackServer.start(request -> longDeclaredLengthTrickledSlowly())) {
            long started = System.nanoTime();

            ScanException failure =
                    assertThrows(ScanException.class, () -> HttpCalls.fetchText(client(mirror), PRODUCT));

            assertTooLarge(failure);
            assertTrue(
                    Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(3)) < 0,
                    "waited for the body: " + Duration.ofNanos(System.nanoTime() - started));
        }
    }

    @Test
    void aCompressedBodyIsMeasuredInflated() throws Exception {
        try (LoopbackServer mirror = LoopbackServer.start(request -> smallGzipBodyInflatingTo50Mebibytes())) {
            ScanException failure =
                    assertThrows(ScanException.class, () -> HttpCalls.fetchText(client(mirror), PRODUCT));

            assertTooLarge(failure);
            assertTrue(written.get() < LIMIT, "the compressed body is small: " + written.get());
        }
    }

    @Test
    void theDefaultLimitIsTenMebibytes() {
        assertEquals(10L * 1024 * 1024, HttpSettings.defaults().maxBodyBytes());
    }

    private static void assertTooLarge(ScanException failure) {
        assertEquals(FailureKind.UPSTREAM, failure.kind(), failure.getMessage());
        assertFalse(failure.retryable());
        assertTrue(
                failure.getMessage().contains("larger than " + LIMIT + " bytes (MAX_BODY_BYTES)"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("https://api.example.com/goods/1"), failure.getMessage());
    }

    private static OkHttpClient client(LoopbackServer mirror) {
        return HttpClients.create(TestContexts.withMirror(mirror.url()), SETTINGS);
    }

    private Reply endlessChunkedBody() {
        return Reply.writtenBy(200, out -> {
                    while (true) {
                        LoopbackServer.writeChunk(out, CHUNK);
                        written.addAndGet(CHUNK.length);
                    }
                })
                .withHeader("Content-Type", "text/plain")
                .withHeader("Transfer-Encoding", "chunked");
    }

    private Reply longDeclaredLengthTrickledSlowly() {
        return Reply.writtenBy(200, out -> {
                    for (int i = 0; i < 100; i++) {
                        out.write(CHUNK, 0, 1024);
                        out.flush();
                        written.addAndGet(1024);
                        Thread.sleep(100);
                    }
                })
                .withHeader("Content-Type", "text/plain")
                .withHeader("Content-Length", String.valueOf(100L * 1024 * 1024));
    }

    private Reply smallGzipBodyInflatingTo50Mebibytes() {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            for (int i = 0; i < 50 * 16; i++) {
                gzip.write(CHUNK);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Reply.writtenBy(200, out -> {
                    out.write(zipped.toByteArray());
                    written.addAndGet(zipped.size());
                })
                .withHeader("Content-Type", "text/plain")
                .withHeader("Content-Encoding", "gzip")
                .withHeader("Content-Length", String.valueOf(zipped.size()));
    }
}
