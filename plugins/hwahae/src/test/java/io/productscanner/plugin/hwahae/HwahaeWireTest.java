package io.productscanner.plugin.hwahae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.plugin.testkit.FixtureMirror;
import io.productscanner.plugin.testkit.LoopbackServer;
import io.productscanner.plugin.testkit.TestContexts;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * What the plugin's real OkHttp client puts on the wire, against a recorder answering with the hwahae fixtures: the
 * original service's Chrome 131 header set (src/config/platforms/hwahae.yaml, strategy "api") and its pace.
 */
class HwahaeWireTest {
    @Test
    void theRequestCarriesTheOriginalsBrowserHeaders() throws Exception {
        try (LoopbackServer wire = LoopbackServer.start(HwahaeWireTest::fixture);
                ProductScanner scanner = new HwahaePlugin()
                        .createScanner(TestContexts.withSettings(
                                Map.of("SCANNER_SITE_MIRROR", wire.url().toString(), "HWAHAE_PACING_MS", "0")))) {
            scanner.scan(URI.create("https://www.hwahae.co.kr/goods/21320"));

            LoopbackServer.Request request = wire.requests().getFirst();
            assertEquals("GET", request.method());
            assertEquals("/gateway.hwahae.co.kr/v14/commerce/goods/21320", request.target());
            assertEquals(
                    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
                            + "Chrome/131.0.0.0 Safari/537.36",
                    request.header("User-Agent"));
            assertEquals(
                    "\"Chromium\";v=\"131\", \"Google Chrome\";v=\"131\", \"Not_A Brand\";v=\"99\"",
                    request.header("sec-ch-ua"));
            assertEquals("?0", request.header("sec-ch-ua-mobile"));
            assertEquals("\"macOS\"", request.header("sec-ch-ua-platform"));
            assertEquals("*/*", request.header("Accept"));
            assertEquals("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", request.header("Accept-Language"));
            assertEquals("same-site", request.header("Sec-Fetch-Site"));
            assertEquals("cors", request.header("Sec-Fetch-Mode"));
            assertEquals("empty", request.header("Sec-Fetch-Dest"));
            assertEquals("https://www.hwahae.co.kr/", request.header("Referer"));
            assertNull(request.header("Origin"), "the original sends none");
            assertEquals(
                    "gzip",
                    request.header("Accept-Encoding"),
                    "OkHttp's own, which it decodes; the original's br and zstd it could not");
        }
    }

    @Test
    void aGzippedAnswerIsDecoded() throws Exception {
        try (LoopbackServer wire = LoopbackServer.start(request -> gzipped(fixture(request)));
                ProductScanner scanner = new HwahaePlugin()
                        .createScanner(TestContexts.withSettings(
                                Map.of("SCANNER_SITE_MIRROR", wire.url().toString(), "HWAHAE_PACING_MS", "0")))) {
            ProductSnapshot snapshot = scanner.scan(URI.create("https://www.hwahae.co.kr/goods/21320"));

            assertEquals("라운드랩 1025 독도 토너 200ml", snapshot.productName());
        }
    }

    @Test
    void requestsArePacedAndTheDefaultPaceIsTheOriginals() throws Exception {
        long pacing = 600;
        try (LoopbackServer wire = LoopbackServer.start(HwahaeWireTest::fixture);
                ProductScanner scanner = new HwahaePlugin()
                        .createScanner(TestContexts.withSettings(Map.of(
                                "SCANNER_SITE_MIRROR",
                                wire.url().toString(),
                                "HWAHAE_PACING_MS",
                                Long.toString(pacing))))) {
            scanner.scan(URI.create("https://www.hwahae.co.kr/goods/21320"));
            scanner.scan(URI.create("https://www.hwahae.co.kr/goods/30001"));

            List<LoopbackServer.Request> requests = wire.requests();
            Duration gap = Duration.ofNanos(
                    requests.get(1).arrivedNanos() - requests.get(0).arrivedNanos());
            assertTrue(gap.toMillis() >= pacing - 20, "requests " + gap + " apart");
        }
        assertEquals(
                Duration.ofMillis(1000 + 2500),
                HwahaeConfig.load(TestContexts.withSettings(Map.of())).http().pacing(),
                "requestDelay + rate_limit");
    }

    private static LoopbackServer.Reply gzipped(LoopbackServer.Reply answer) {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
            out.write(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return answer.withBody(zipped.toByteArray()).withHeader("Content-Encoding", "gzip");
    }

    private static LoopbackServer.Reply fixture(LoopbackServer.Request request) {
        String id = request.target().substring(request.target().lastIndexOf('/') + 1);
        try {
            return LoopbackServer.Reply.of(
                    200,
                    "application/json",
                    Files.readAllBytes(FixtureMirror.fixturesDir()
                            .resolve("gateway.hwahae.co.kr/v14/commerce/goods/" + id + ".json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
