package io.productscanner.plugin.zigzag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import io.productscanner.spi.ScanException;
import io.productscanner.support.http.HttpCalls;
import io.productscanner.support.http.HttpClients;
import io.productscanner.support.http.HttpFailures;
import io.productscanner.support.http.TextResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Scans one zigzag product: the GraphQL product detail gives every field; then, when GraphQL showed a product, the
 * product page's {@code __NEXT_DATA__} is read over plain HTTP, and when its status differs, the page wins (GraphQL
 * can say ON_SALE for a product the page shows suspended). The strategy says what decided: the GraphQL reading
 * ({@code graphql}, {@code graphql;status=items}, {@code graphql;catalog_product=null}) followed by
 * {@code ;cross_check=agreed}, {@code ;cross_check=page_wins} (status and raw status are then the page's) or
 * {@code ;cross_check=skipped} (the page could not be read; the GraphQL answer stands).
 */
final class ZigzagScanner implements ProductScanner {
    private static final System.Logger LOG = System.getLogger(ZigzagScanner.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ZigzagConfig config;
    private final OkHttpClient graphqlClient;
    private final OkHttpClient pageClient;
    private final CatalogProductReader graphqlReader;
    private final ProductPageReader pageReader;

    /** @param pageClient the product page's own client (its own pacing), or null when the cross-check is off */
    ZigzagScanner(ZigzagConfig config, OkHttpClient graphqlClient, OkHttpClient pageClient) {
        this.config = config;
        this.graphqlClient = graphqlClient;
        this.pageClient = pageClient;
        this.graphqlReader = new CatalogProductReader(config);
        this.pageReader = config.page() == null ? null : new ProductPageReader(config.page());
    }

    @Override
    public ProductSnapshot scan(URI productUrl) throws ScanException {
        String productId = ZigzagPlugin.URLS.requireProductId(productUrl);
        TextResponse response = HttpCalls.fetchText(graphqlClient, graphqlRequest(productId));
        if (!response.isSuccessful()) {
            // a 404 from the GraphQL endpoint says nothing about one product (the original fails the scan too)
            throw HttpFailures.forStatus(response);
        }
        ProductSnapshot fromGraphql = graphqlReader.read(productId, response, Instant.now());
        if (pageReader == null || fromGraphql.strategy().equals(CatalogProductReader.NULL_PRODUCT_STRATEGY)) {
            return fromGraphql;
        }
        return crossChecked(productId, fromGraphql);
    }

    private Request graphqlRequest(String productId) {
        ZigzagConfig.Graphql graphql = config.graphql();
        ObjectNode body = JSON.createObjectNode();
        body.put("query", graphql.query());
        body.set("variables", withId(graphql.variablesTemplate(), productId));
        Request.Builder request = new Request.Builder()
                .url(graphql.url())
                // bytes, so that OkHttp sends the content type as configured (a String body gains "; charset=utf-8")
                .post(RequestBody.create(
                        body.toString().getBytes(StandardCharsets.UTF_8), MediaType.get(graphql.contentType())));
        graphql.headers().forEach(request::header);
        return request.build();
    }

    /** A copy of the variables template with every {@code {id}} in its text values replaced. */
    private static JsonNode withId(JsonNode template, String productId) {
        if (template.isTextual()) {
            return TextNode.valueOf(template.asText().replace("{id}", productId));
        }
        JsonNode copy = template.deepCopy();
        if (copy instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : template.properties()) {
                object.set(field.getKey(), withId(field.getValue(), productId));
            }
        }
        return copy;
    }

    private ProductSnapshot crossChecked(String productId, ProductSnapshot fromGraphql) {
        ProductPageReader.Verdict page;
        try {
            page = readPage(productId);
        } catch (ProductPageReader.Unreadable e) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "event=scan.cross_check_skipped platform={0} product_id={1} reason={2}",
                    ZigzagPlugin.ID,
                    productId,
                    e.getMessage());
            return with(fromGraphql, fromGraphql.saleStatus(), fromGraphql.rawStatus(), "skipped");
        }
        if (page.status() == fromGraphql.saleStatus()) {
            return with(fromGraphql, fromGraphql.saleStatus(), fromGraphql.rawStatus(), "agreed");
        }
        LOG.log(
                System.Logger.Level.INFO,
                "event=scan.cross_check_page_wins platform={0} product_id={1} "
                        + "graphql_status={2} page_status={3} page_display_status={4}",
                ZigzagPlugin.ID,
                productId,
                fromGraphql.rawStatus(),
                page.rawStatus(),
                page.displayStatus());
        return with(fromGraphql, page.status(), page.rawStatus(), "page_wins");
    }

    private ProductPageReader.Verdict readPage(String productId) throws ProductPageReader.Unreadable {
        Request.Builder request =
                new Request.Builder().url(config.page().urlTemplate().replace("{id}", productId));
        config.page().headers().forEach(request::header);
        TextResponse response;
        try {
            response = HttpCalls.fetchText(pageClient, request.build());
        } catch (ScanException e) {
            throw new ProductPageReader.Unreadable(e.kind().wireName() + ": " + e.getMessage());
        }
        if (!response.isSuccessful()) {
            throw new ProductPageReader.Unreadable("HTTP " + response.status() + " from " + response.url());
        }
        return pageReader.read(response.body());
    }

    private static ProductSnapshot with(ProductSnapshot s, SaleStatus status, String rawStatus, String crossCheck) {
        return s.toBuilder()
                .saleStatus(status)
                .rawStatus(rawStatus)
                .strategy(s.strategy() + ";cross_check=" + crossCheck)
                .build();
    }

    @Override
    public void close() {
        HttpClients.shutdown(graphqlClient);
        if (pageClient != null) {
            HttpClients.shutdown(pageClient);
        }
    }
}
