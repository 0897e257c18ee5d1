package io.productscanner.plugin.zigzag;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import io.productscanner.spi.ScanException;
import io.productscanner.support.http.HttpCalls;
import io.productscanner.support.http.HttpClients;
import io.productscanner.support.http.HttpFailures;
import io.productscanner.support.http.TextResponse;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

import java.net.URI;
import java.time.Instant;

/**
 * Scans one zigzag product: the GraphQL product detail gives every field; then, unless the product is gone, the
 * product page's {@code __NEXT_DATA__} is read over plain HTTP, and when it disagrees on whether the product can be
 * bought, the page wins (GraphQL can say ON_SALE for a product the page shows suspended). The strategy says what
 * the cross-check did: {@code graphql;cross_check=agreed}, {@code graphql;cross_check=page_wins} (the status and
 * raw status are then the page's), {@code graphql;cross_check=skipped} (the page could not be read; the GraphQL
 * answer stands), or {@code graphql} when there was none.
 */
final class ZigzagScanner implements ProductScanner {
    static final String AGREED = CatalogProductReader.STRATEGY + ";cross_check=agreed";
    static final String PAGE_WINS = CatalogProductReader.STRATEGY + ";cross_check=page_wins";
    static final String SKIPPED = CatalogProductReader.STRATEGY + ";cross_check=skipped";

    private static final System.Logger LOG = System.getLogger(ZigzagScanner.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");

    private final ZigzagConfig config;
    private final OkHttpClient client;
    private final CatalogProductReader graphqlReader;
    private final ProductPageReader pageReader;

    ZigzagScanner(ZigzagConfig config, OkHttpClient client) {
        this.config = config;
        this.client = client;
        this.graphqlReader = new CatalogProductReader(config);
        this.pageReader = config.page() == null ? null : new ProductPageReader(config.page());
    }

    @Override
    public ProductSnapshot scan(URI productUrl) throws ScanException {
        String productId = ZigzagUrls.requireProductId(productUrl);
        TextResponse response = HttpCalls.fetchText(client, graphqlRequest(productId));
        if (!response.isSuccessful()) {
            throw HttpFailures.forStatus(response);
        }
        ProductSnapshot fromGraphql = graphqlReader.read(productId, response, Instant.now());
        if (pageReader == null || fromGraphql.saleStatus() == SaleStatus.NOT_FOUND) {
            return fromGraphql;
        }
        return crossChecked(productId, fromGraphql);
    }

    private Request graphqlRequest(String productId) {
        ZigzagConfig.Graphql graphql = config.graphql();
        ObjectNode body = JSON.createObjectNode();
        body.put("operationName", graphql.operation());
        body.putObject("variables").put(graphql.idVariable(), productId);
        body.put("query", graphql.query());
        return new Request.Builder().url(graphql.url())
                .post(RequestBody.create(body.toString(), JSON_TYPE))
                .build();
    }

    private ProductSnapshot crossChecked(String productId, ProductSnapshot fromGraphql) {
        ProductPageReader.Verdict page;
        try {
            page = readPage(productId);
        } catch (ProductPageReader.Unreadable e) {
            LOG.log(System.Logger.Level.INFO, "event=scan.cross_check_skipped platform={0} product_id={1} reason={2}",
                    ZigzagPlugin.ID, productId, e.getMessage());
            return with(fromGraphql, fromGraphql.saleStatus(), fromGraphql.rawStatus(), SKIPPED);
        }
        boolean graphqlBuyable = fromGraphql.saleStatus() == SaleStatus.ON_SALE;
        if (page.purchasable() == graphqlBuyable) {
            return with(fromGraphql, fromGraphql.saleStatus(), fromGraphql.rawStatus(), AGREED);
        }
        SaleStatus status = page.purchasable() ? SaleStatus.ON_SALE : notBuyableStatus(page.displayStatus());
        String rawStatus = page.displayStatus() != null ? page.displayStatus()
                : page.purchasable() ? "PURCHASABLE" : "NOT_PURCHASABLE";
        LOG.log(System.Logger.Level.INFO, "event=scan.cross_check_page_wins platform={0} product_id={1} "
                + "graphql_status={2} page_purchasable={3} page_display_status={4}", ZigzagPlugin.ID, productId,
                fromGraphql.rawStatus(), page.purchasable(), page.displayStatus());
        return with(fromGraphql, status, rawStatus, PAGE_WINS);
    }

    private ProductPageReader.Verdict readPage(String productId) throws ProductPageReader.Unreadable {
        Request request = new Request.Builder().url(config.page().urlTemplate().replace("{id}", productId))
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .build();
        TextResponse response;
        try {
            response = HttpCalls.fetchText(client, request);
        } catch (ScanException e) {
            throw new ProductPageReader.Unreadable(e.kind().wireName() + ": " + e.getMessage());
        }
        if (!response.isSuccessful()) {
            throw new ProductPageReader.Unreadable("HTTP " + response.status() + " from " + response.url());
        }
        return pageReader.read(response.body());
    }

    /** A page that says "not buyable" maps its display status; a status it does not map, or maps to on_sale, is off_sale. */
    private SaleStatus notBuyableStatus(String displayStatus) {
        SaleStatus mapped = displayStatus == null ? null : config.page().statusByDisplayStatus().get(displayStatus);
        return mapped == null || mapped == SaleStatus.ON_SALE ? SaleStatus.OFF_SALE : mapped;
    }

    private static ProductSnapshot with(ProductSnapshot s, SaleStatus status, String rawStatus, String strategy) {
        return new ProductSnapshot(s.platform(), s.productId(), s.url(), s.productName(), s.brand(), s.thumbnail(),
                s.originalPrice(), s.discountedPrice(), status, rawStatus, strategy, s.scannedAt());
    }

    @Override
    public void close() {
        HttpClients.shutdown(client);
    }
}
