package io.productscanner.plugin.musinsa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.productscanner.plugin.testkit.FixtureMirror;
import io.productscanner.plugin.testkit.LoopbackServer;
import io.productscanner.plugin.testkit.TestContexts;
import io.productscanner.spi.ProductScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the plugin's real OkHttp client puts on the wire, against a recorder answering with the musinsa fixtures: the
 * original service's header set (src/config/platforms/musinsa.yaml, strategy "api").
 */
class MusinsaWireTest {
    @Test
    void theRequestCarriesTheOriginalsHeaders() throws Exception {
        try (LoopbackServer wire = LoopbackServer.start(MusinsaWireTest::fixture);
                ProductScanner scanner = new MusinsaPlugin()
                        .createScanner(TestContexts.withSettings(
                                Map.of("SCANNER_SITE_MIRROR", wire.url().toString(), "MUSINSA_PACING_MS", "0")))) {
            scanner.scan(URI.create("https://www.musinsa.com/products/3674341"));

            LoopbackServer.Request request = wire.requests().getFirst();
            assertEquals("GET", request.method());
            assertEquals("/goods-detail.musinsa.com/api2/goods/3674341", request.target());
            assertEquals(
                    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
                            + "Gecko) Version/18.5 Mobile/15E148 Safari/604.1",
                    request.header("User-Agent"));
            assertEquals("*/*", request.header("Accept"));
            assertEquals("ko-KR,ko;q=0.9", request.header("Accept-Language"));
            assertEquals("same-site", request.header("Sec-Fetch-Site"));
            assertEquals("cors", request.header("Sec-Fetch-Mode"));
            assertEquals("empty", request.header("Sec-Fetch-Dest"));
            assertEquals("https://www.musinsa.com/", request.header("Referer"));
            assertNull(request.header("Origin"), "the original sends none");
            assertEquals("gzip", request.header("Accept-Encoding"), "OkHttp's own, which it decodes");
        }
    }

    private static LoopbackServer.Reply fixture(LoopbackServer.Request request) {
        String id = request.target().substring(request.target().lastIndexOf('/') + 1);
        try {
            return LoopbackServer.Reply.of(
                    200,
                    "application/json;charset=UTF-8",
                    Files.readAllBytes(FixtureMirror.fixturesDir()
                            .resolve("goods-detail.musinsa.com/api2/goods/" + id + ".json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
