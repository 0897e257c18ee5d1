package io.productscanner.plugin.kurly;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.ScanException;
import io.productscanner.support.browser.PageFailures;
import io.productscanner.support.core.JsonValues;
import java.time.Instant;

/**
 * Decides a kurly product from its page, in the original service's order (src/extractors/kurly): the product in
 * {@code __NEXT_DATA__} gives name, brand, thumbnail, prices and status; without a name the og: meta name and picture
 * it. A page whose data holds no product is a deleted product, and so is an HTTP 404; a page without readable data
 * is a retryable parse failure, never a deleted product.
 */
final class NextDataReader {
    static final String NEXT_DATA = "next_data";
    static final String NAME_FROM_OG_META = "next_data;name=og_meta";
    static final String HTTP_STATUS = "http_status";

    private static final System.Logger LOG = System.getLogger(NextDataReader.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KurlyConfig config;

    NextDataReader(KurlyConfig config) {
        this.config = config;
    }

    ProductSnapshot read(String productId, KurlyPage page, Instant scannedAt) throws ScanException {
        String url = KurlyPlugin.URLS.canonical(productId).toString();
        KurlyConfig.Fields fields = config.fields();
        JsonNode root = JSON.missingNode();
        String unreadable = null;
        if (page.nextData() == null) {
            unreadable = "the page has no __NEXT_DATA__ (HTTP " + page.httpStatus() + ")";
        } else {
            try {
                JsonNode parsed = JSON.readTree(page.nextData());
                root = parsed == null ? JSON.missingNode() : parsed;
            } catch (JacksonException e) {
                unreadable = "__NEXT_DATA__ is not valid JSON: " + e.getOriginalMessage();
            }
        }
        JsonNode product = root.at(fields.product());
        if (product.isObject()) {
            return fromProduct(productId, url, page, product, scannedAt);
        }
        int status = page.httpStatus();
        if (status == 403 || status == 429 || status == 408 || status >= 500) {
            throw PageFailures.forStatus(status, page.url());
        }
        if (root.at(fields.pageProps()).isObject()) {
            return ProductSnapshot.notFound(KurlyPlugin.ID, productId, url, "no_product", NEXT_DATA, scannedAt);
        }
        if (config.notFoundHttpStatuses().contains(status)) {
            return ProductSnapshot.notFound(KurlyPlugin.ID, productId, url, "http_" + status, HTTP_STATUS, scannedAt);
        }
        throw PageFailures.unreadable(
                page.url(),
                unreadable != null
                        ? unreadable
                        : "__NEXT_DATA__ has no " + fields.pageProps() + " (HTTP " + status + ")");
    }

    private ProductSnapshot fromProduct(
            String productId, String url, KurlyPage page, JsonNode product, Instant scannedAt) throws ScanException {
        KurlyConfig.Fields fields = config.fields();
        String name = JsonValues.optionalText(product.at(fields.name()));
        String brand = JsonValues.optionalText(product.at(fields.brand()));
        String thumbnail = withoutQuery(JsonValues.optionalText(product.at(fields.image())));
        String strategy = NEXT_DATA;
        if (name == null) {
            // the original's metadata fallback takes name and picture from the og: meta, no brand
            name = page.ogTitle() == null || page.ogTitle().isBlank()
                    ? null
                    : page.ogTitle().strip();
            if (name == null) {
                throw PageFailures.unreadable(
                        page.url(), "the product has no " + fields.name() + " and the page no og:title");
            }
            brand = null;
            thumbnail = withoutQuery(
                    page.ogImage() == null || page.ogImage().isBlank()
                            ? null
                            : page.ogImage().strip());
            strategy = NAME_FROM_OG_META;
            LOG.log(System.Logger.Level.INFO, "event=kurly.name_from_og_title platform=kurly product_id=" + productId);
        }
        // discountedPrice || basePrice; retailPrice ?? basePrice, else the sale price (0 counts as absent)
        Long basePrice = JsonValues.positivePrice(product.at(fields.basePrice()));
        Long salePrice = firstOf(JsonValues.positivePrice(product.at(fields.discountedPrice())), basePrice);
        Long originalPrice =
                firstOf(firstOf(JsonValues.positivePrice(product.at(fields.retailPrice())), basePrice), salePrice);
        JsonNode soldOut = product.at(fields.soldOut());
        String soldOutValue = soldOut.isBoolean() ? soldOut.asText() : "null";
        return ProductSnapshot.builder(KurlyPlugin.ID, productId)
                .url(url)
                .productName(name)
                .brand(brand)
                .thumbnail(thumbnail)
                .originalPrice(originalPrice)
                .discountedPrice(salePrice)
                .saleStatus(config.soldOutStatus().get(soldOutValue))
                .rawStatus("isSoldOut=" + soldOutValue)
                .strategy(strategy)
                .scannedAt(scannedAt)
                .build();
    }

    private static Long firstOf(Long preferred, Long fallback) {
        return preferred != null ? preferred : fallback;
    }

    private static String withoutQuery(String url) {
        if (url == null) {
            return null;
        }
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
