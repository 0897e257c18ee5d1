package io.productscanner.plugin.zigzag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.productscanner.plugin.testkit.FixtureMirror;
import io.productscanner.plugin.testkit.LoopbackServer;
import io.productscanner.plugin.testkit.TestContexts;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ScanException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the plugin's real OkHttp client puts on the wire, against a recorder answering with the zigzag fixtures: the
 * original service's query, variables and headers (src/config/platforms/zigzag.yaml) and its pacing.
 */
class ZigzagWireTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1";
    /** The original's query (zigzag.yaml, strategy "graphql"), whitespace collapsed. */
    private static final String ORIGINALS_QUERY = "query GetCatalogProductDetailPageOption($catalog_product_id: ID!, "
            + "$input: PdpBaseInfoInput) { pdp_option_info(catalog_product_id: $catalog_product_id, input: $input) { "
            + "catalog_product { id name shop_name sales_status display_status is_purchasable product_price { "
            + "max_price_info { price } final_discount_info { discount_price } display_final_price { final_price { "
            + "price badge { text } } final_price_additional { price badge { text } } } } matched_item_list { "
            + "sales_status display_status } product_image_list { image_type pdp_thumbnail_url } } } }";

    @Test
    void theGraphqlCallIsTheOriginalsQueryVariablesAndHeaders() throws Exception {
        try (LoopbackServer wire = LoopbackServer.start(ZigzagWireTest::fixture)) {
            scan(wire, Map.of("ZIGZAG_PACING_MS", "0"), "100101");

            LoopbackServer.Request graphql = wire.requests().getFirst();
            assertEquals("POST", graphql.method());
            assertEquals("/api.zigzag.kr/api/2/graphql/GetCatalogProductDetailPageOption", graphql.target());
            assertEquals("application/json", graphql.header("Content-Type"));
            assertEquals("*/*", graphql.header("Accept"));
            assertEquals("https://zigzag.kr", graphql.header("Origin"));
            assertEquals("https://zigzag.kr/", graphql.header("Referer"));
            assertEquals(IPHONE, graphql.header("User-Agent"));
            assertEquals("gzip", graphql.header("Accept-Encoding"), "OkHttp's own, which it decodes");
            JsonNode body = JSON.readTree(graphql.body());
            assertEquals(List.of("query", "variables"), fieldNames(body), "the original sends no operationName");
            assertEquals(
                    ORIGINALS_QUERY,
                    body.path("query").asText().replaceAll("\\s+", " ").strip());
            assertEquals(
                    JSON.readTree("{\"catalog_product_id\": \"100101\", \"input\": {\"catalog_product_id\": "
                            + "\"100101\", \"entry_source_type\": \"\"}}"),
                    body.path("variables"));
        }
    }

    @Test
    void thePageIsFetchedAsADocumentWithTheSameBrowser() throws Exception {
        try (LoopbackServer wire = LoopbackServer.start(ZigzagWireTest::fixture)) {
            scan(wire, Map.of("ZIGZAG_PACING_MS", "0"), "100101");

            LoopbackServer.Request page = wire.requests().get(1);
            assertEquals("GET", page.method());
            assertEquals("/zigzag.kr/catalog/products/100101", page.target());
            assertTrue(page.header("Accept").startsWith("text/html"), page.header("Accept"));
            assertNull(page.header("Origin"), "a navigation sends no Origin");
            assertEquals(IPHONE, page.header("User-Agent"));
        }
    }

    @Test
    void theApiAndThePageAreEachPacedOnTheirOwn() throws Exception {
        long pacing = 800;
        try (LoopbackServer wire = LoopbackServer.start(ZigzagWireTest::fixture);
                ProductScanner scanner = new ZigzagPlugin()
                        .createScanner(TestContexts.withSettings(Map.of(
                                "SCANNER_SITE_MIRROR",
                                wire.url().toString(),
                                "ZIGZAG_PACING_MS",
                                Long.toString(pacing))))) {
            scanner.scan(URI.create("https://zigzag.kr/catalog/products/100101"));
            scanner.scan(URI.create("https://zigzag.kr/catalog/products/100102"));

            List<LoopbackServer.Request> requests = wire.requests();
            assertEquals(4, requests.size());
            Duration apiGap = Duration.ofNanos(
                    requests.get(2).arrivedNanos() - requests.get(0).arrivedNanos());
            Duration pageGap = Duration.ofNanos(
                    requests.get(3).arrivedNanos() - requests.get(1).arrivedNanos());
            Duration pageAfterApi = Duration.ofNanos(
                    requests.get(1).arrivedNanos() - requests.get(0).arrivedNanos());
            assertTrue(apiGap.toMillis() >= pacing - 20, "GraphQL requests " + apiGap + " apart");
            assertTrue(pageGap.toMillis() >= pacing - 20, "page requests " + pageGap + " apart");
            assertTrue(pageAfterApi.toMillis() < pacing, "a product's page waits for no GraphQL pace: " + pageAfterApi);
        }
    }

    @Test
    void theDefaultPaceIsTheOriginalsRequestDelayPlusItsRateLimit() {
        ZigzagConfig config = ZigzagConfig.load(TestContexts.withSettings(Map.of()));

        assertEquals(Duration.ofMillis(1000 + 2500), config.http().pacing());
    }

    private static void scan(LoopbackServer wire, Map<String, String> settings, String id) throws ScanException {
        Map<String, String> all = new HashMap<>(settings);
        all.put("SCANNER_SITE_MIRROR", wire.url().toString());
        try (ProductScanner scanner = new ZigzagPlugin().createScanner(TestContexts.withSettings(all))) {
            scanner.scan(URI.create("https://zigzag.kr/catalog/products/" + id));
        }
    }

    /** The recorded GraphQL answer or page of the product the request names. */
    private static LoopbackServer.Reply fixture(LoopbackServer.Request request) {
        try {
            Path root = FixtureMirror.fixturesDir();
            if (request.method().equals("POST")) {
                String id = JSON.readTree(request.body())
                        .path("variables")
                        .path("catalog_product_id")
                        .asText();
                return LoopbackServer.Reply.of(
                        200,
                        "application/json; charset=utf-8",
                        Files.readAllBytes(root.resolve("api.zigzag.kr/graphql/" + id + ".json")));
            }
            String id = request.target().substring(request.target().lastIndexOf('/') + 1);
            return LoopbackServer.Reply.of(
                    200,
                    "text/html; charset=utf-8",
                    Files.readAllBytes(root.resolve("zigzag.kr/pages/" + id + ".html")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
