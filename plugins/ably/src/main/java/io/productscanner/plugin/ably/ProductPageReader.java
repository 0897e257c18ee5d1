package io.productscanner.plugin.ably;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import io.productscanner.spi.ScanException;
import io.productscanner.support.browser.PageFailures;

import java.net.URI;
import java.time.Instant;

/**
 * Reads an ably product as PLATFORMS.md describes it, trying in order: the goods answer the page fetched
 * (strategy {@code xhr}), the {@code __NEXT_DATA__} react-query cache ({@code next_data}), then the og: meta and
 * page text ({@code meta}). A redirect to the today page is off sale whatever else the page holds.
 */
final class ProductPageReader {
    static final String XHR = "xhr";
    static final String NEXT_DATA = "next_data";
    static final String META = "meta";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AblyConfig config;

    ProductPageReader(AblyConfig config) {
        this.config = config;
    }

    ProductSnapshot read(String productId, ProductPage page, Instant scannedAt) throws ScanException {
        String url = AblyUrls.canonical(productId).toString();
        if (config.landedOffSale(page.landedUrl())) {
            return new ProductSnapshot(AblyPlugin.ID, productId, url, null, null, null, null, null,
                    SaleStatus.OFF_SALE, "redirect:" + URI.create(page.landedUrl()).getPath(), META, scannedAt);
        }
        JsonNode goods = apiGoods(page);
        if (goods != null) {
            return fromGoods(productId, url, goods, XHR, page.landedUrl(), scannedAt);
        }
        goods = nextDataGoods(page);
        if (goods != null) {
            return fromGoods(productId, url, goods, NEXT_DATA, page.landedUrl(), scannedAt);
        }
        return fromMeta(productId, url, page, scannedAt);
    }

    private static JsonNode apiGoods(ProductPage page) {
        if (page.apiStatus() < 200 || page.apiStatus() > 299 || page.apiBody() == null) {
            return null;
        }
        JsonNode goods = parseOrNull(page.apiBody()).path("goods");
        return goods.isObject() ? goods : null;
    }

    /** {@code props.pageProps.dehydratedState.queries[*].state.data.goods}, the first one present. */
    private static JsonNode nextDataGoods(ProductPage page) {
        if (page.nextData() == null) {
            return null;
        }
        JsonNode queries = parseOrNull(page.nextData()).path("props").path("pageProps").path("dehydratedState")
                .path("queries");
        for (JsonNode query : queries) {
            JsonNode goods = query.path("state").path("data").path("goods");
            if (goods.isObject()) {
                return goods;
            }
        }
        return null;
    }

    private ProductSnapshot fromGoods(String productId, String url, JsonNode goods, String strategy, String pageUrl,
                                      Instant scannedAt) throws ScanException {
        String name = text(goods.path("name"));
        if (name == null) {
            throw PageFailures.unreadable(pageUrl, "goods.name is missing (" + strategy + ")");
        }
        String saleType = text(goods.path("sale_type"));
        JsonNode prices = goods.path("price_info");
        return new ProductSnapshot(AblyPlugin.ID, productId, url, name, text(goods.path("market").path("name")),
                text(goods.path("cover_images").path(0)), price(prices.path("consumer")),
                price(prices.path("thumbnail_price")), config.status(saleType),
                saleType == null ? "none" : saleType, strategy, scannedAt);
    }

    private ProductSnapshot fromMeta(String productId, String url, ProductPage page, Instant scannedAt)
            throws ScanException {
        String title = page.ogTitle() == null ? null : page.ogTitle().strip();
        if (title != null && !config.titleSuffix().isEmpty() && title.endsWith(config.titleSuffix())) {
            title = title.substring(0, title.length() - config.titleSuffix().length()).strip();
        }
        if (title == null || title.isEmpty()) {
            throw PageFailures.unreadable(page.landedUrl(), "no goods answer (HTTP " + page.apiStatus()
                    + "), no goods in __NEXT_DATA__ and no og:title");
        }
        String body = page.bodyText() == null ? "" : page.bodyText();
        SaleStatus status;
        String raw;
        if (config.offSaleTexts().stream().anyMatch(body::contains)) {
            status = SaleStatus.OFF_SALE;
            raw = "text:off_sale";
        } else if (config.soldOutTexts().stream().anyMatch(body::contains)) {
            status = SaleStatus.SOLD_OUT;
            raw = "text:sold_out";
        } else {
            status = SaleStatus.ON_SALE;
            raw = "og_meta";
        }
        return new ProductSnapshot(AblyPlugin.ID, productId, url, title, null, page.ogImage(), null, null, status,
                raw, META, scannedAt);
    }

    private static JsonNode parseOrNull(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            return root == null ? JSON.missingNode() : root;
        } catch (JacksonException e) {
            return JSON.missingNode();
        }
    }

    private static Long price(JsonNode value) {
        return value.canConvertToExactIntegral() ? value.longValue() : null;
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText().strip() : null;
    }
}
