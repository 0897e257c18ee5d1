package io.productscanner.plugin.kurly;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import io.productscanner.spi.ScanException;
import io.productscanner.support.browser.PageFailures;

import java.time.Instant;

/**
 * Reads a kurly product page's {@code __NEXT_DATA__} ({@code props.pageProps.product}), as PLATFORMS.md describes
 * kurly: {@code isSoldOut} false is on sale, true sold out, null or missing off sale; a page without the data or
 * without a product is a deleted product.
 */
final class NextDataReader {
    static final String STRATEGY = "next_data";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param status   the document's HTTP status
     * @param nextData the text of {@code <script id="__NEXT_DATA__">}, or null when the page has none
     */
    ProductSnapshot read(String productId, String pageUrl, int status, String nextData, Instant scannedAt)
            throws ScanException {
        String url = KurlyUrls.canonical(productId).toString();
        if (nextData == null) {
            if (status == 403 || status == 429 || status >= 500) {
                throw PageFailures.forStatus(status, pageUrl);
            }
            return ProductSnapshot.notFound(KurlyPlugin.ID, productId, url, "no_next_data", STRATEGY, scannedAt);
        }
        JsonNode product = parse(pageUrl, nextData).path("props").path("pageProps").path("product");
        if (!product.isObject()) {
            return ProductSnapshot.notFound(KurlyPlugin.ID, productId, url, "no_product", STRATEGY, scannedAt);
        }
        JsonNode soldOut = product.path("isSoldOut");
        SaleStatus saleStatus = soldOut.isBoolean()
                ? (soldOut.booleanValue() ? SaleStatus.SOLD_OUT : SaleStatus.ON_SALE)
                : SaleStatus.OFF_SALE;
        Long basePrice = price(product.path("basePrice"));
        Long salePrice = firstPrice(price(product.path("discountedPrice")), basePrice);
        Long originalPrice = firstPrice(price(product.path("retailPrice")), basePrice);
        if (salePrice == null || originalPrice == null) {
            throw PageFailures.unreadable(pageUrl, "product has no basePrice, discountedPrice or retailPrice");
        }
        String name = text(product.path("name"));
        if (name == null) {
            throw PageFailures.unreadable(pageUrl, "product.name is missing");
        }
        return new ProductSnapshot(KurlyPlugin.ID, productId, url, name,
                text(product.path("brandInfo").path("nameGate").path("name")),
                withoutQuery(text(product.path("mainImageUrl"))),
                originalPrice, salePrice, saleStatus,
                "isSoldOut=" + (soldOut.isBoolean() ? soldOut.asText() : "null"), STRATEGY, scannedAt);
    }

    private static JsonNode parse(String pageUrl, String nextData) throws ScanException {
        try {
            JsonNode root = JSON.readTree(nextData);
            if (root == null || !root.isObject()) {
                throw PageFailures.unreadable(pageUrl, "__NEXT_DATA__ is not a JSON object");
            }
            return root;
        } catch (JacksonException e) {
            throw PageFailures.unreadable(pageUrl, "__NEXT_DATA__ is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static Long price(JsonNode value) {
        return value.canConvertToExactIntegral() ? value.longValue() : null;
    }

    private static Long firstPrice(Long preferred, Long fallback) {
        return preferred != null ? preferred : fallback;
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText().strip() : null;
    }

    private static String withoutQuery(String url) {
        if (url == null) {
            return null;
        }
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
