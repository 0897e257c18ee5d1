package io.productscanner.plugin.zigzag;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import io.productscanner.spi.ScanException;
import io.productscanner.support.core.JsonValues;
import io.productscanner.support.http.HttpFailures;
import io.productscanner.support.http.JsonBodies;
import io.productscanner.support.http.TextResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the {@code GetCatalogProductDetailPageOption} answer into a snapshot, deciding in the original service's
 * order (its ZigzagExtractor and ZigzagGraphQLScanner): any GraphQL error fails the scan; {@code catalog_product:
 * null} is a stopped product (off sale); the status is the product's {@code sales_status}, or, when it has none, the
 * one derived from {@code matched_item_list}; the sale price follows the first-purchase-coupon rule, and a missing
 * price falls back as the original's does. A missing name or an unknown status is a {@link FailureKind#PARSE}
 * failure carrying the answer.
 */
final class CatalogProductReader {
    static final String STRATEGY = "graphql";
    /** A status derived from {@code matched_item_list}, the product having none. */
    static final String ITEMS_STRATEGY = STRATEGY + ";status=items";
    /** An answer whose {@code catalog_product} is null. */
    static final String NULL_PRODUCT_STRATEGY = STRATEGY + ";catalog_product=null";

    static final String NULL_PRODUCT_RAW_STATUS = "CATALOG_PRODUCT_NULL";

    private final ZigzagConfig config;

    CatalogProductReader(ZigzagConfig config) {
        this.config = config;
    }

    /** Reads a 2xx answer. */
    ProductSnapshot read(String productId, TextResponse response, Instant scannedAt) throws ScanException {
        JsonNode root = JsonBodies.parseObject(response);
        String url = ZigzagPlugin.URLS.canonical(productId).toString();
        List<String> errorMessages = new ArrayList<>();
        for (JsonNode error : root.path("errors")) {
            errorMessages.add(error.path("message").asText(""));
        }
        if (!errorMessages.isEmpty()) {
            // the original throws on any GraphQL error, with or without a product: fields under an error may be null
            throw new ScanException(
                            FailureKind.UPSTREAM, "GraphQL errors from " + response.url() + ": " + errorMessages)
                    .withEvidence(HttpFailures.evidence(response));
        }
        ZigzagConfig.Fields fields = config.fields();
        if (!root.at(fields.optionInfo()).isObject()) {
            throw HttpFailures.badBody(response, fields.optionInfo() + " is not an object (no data returned)", null);
        }
        JsonNode product = root.at(fields.product());
        if (product.isNull()) {
            return ProductSnapshot.builder(ZigzagPlugin.ID, productId)
                    .url(url)
                    .saleStatus(config.nullProductStatus())
                    .rawStatus(NULL_PRODUCT_RAW_STATUS)
                    .strategy(NULL_PRODUCT_STRATEGY)
                    .scannedAt(scannedAt)
                    .build();
        }
        if (!product.isObject()) {
            throw HttpFailures.badBody(response, fields.product() + " is missing", null);
        }
        String name = JsonBodies.requiredText(response, product, fields.name(), label(fields.name()));
        String productStatus = JsonValues.optionalText(product.at(fields.salesStatus()));
        String salesStatus = productStatus != null ? productStatus : statusOfItems(response, product);
        SaleStatus status = config.statusBySalesStatus().get(salesStatus);
        if (status == null) {
            throw HttpFailures.badBody(
                    response,
                    "unknown sales_status '" + salesStatus + "' (from "
                            + (productStatus != null ? label(fields.salesStatus()) : label(fields.itemList()))
                            + "; mapped: " + config.statusBySalesStatus().keySet() + "; add it to ZIGZAG_STATUS_MAP)",
                    null);
        }
        Long original = price(response, product, fields.originalPrice());
        boolean firstPurchaseCoupon = hasFirstPurchaseBadge(JsonValues.optionalText(product.at(fields.badgeText())));
        Long sale = price(response, product, firstPurchaseCoupon ? fields.finalPrice() : fields.discountPrice());
        // as the original: sale price || original price, then original price || sale price
        if (sale == null) {
            sale = original;
        }
        if (original == null) {
            original = sale;
        }
        return ProductSnapshot.builder(ZigzagPlugin.ID, productId)
                .url(url)
                .productName(name)
                .brand(JsonValues.optionalText(product.at(fields.brand())))
                .thumbnail(mainImage(product))
                .originalPrice(original)
                .discountedPrice(sale)
                .saleStatus(status)
                .rawStatus(salesStatus)
                .strategy(productStatus != null ? STRATEGY : ITEMS_STRATEGY)
                .scannedAt(scannedAt)
                .build();
    }

    /**
     * The status of the product's options, as the original derives it: any item on sale → on sale; every item sold
     * out → sold out; otherwise the first item's; no items → suspended.
     */
    private String statusOfItems(TextResponse response, JsonNode product) throws ScanException {
        ZigzagConfig.Fields fields = config.fields();
        ZigzagConfig.ItemRule rule = config.items();
        JsonNode items = product.at(fields.itemList());
        if (!items.isMissingNode() && !items.isNull() && !items.isArray()) {
            throw HttpFailures.badBody(response, label(fields.itemList()) + " is not a list", null);
        }
        List<String> statuses = new ArrayList<>();
        for (JsonNode item : items) {
            statuses.add(JsonValues.optionalText(item.path(fields.itemSalesStatusField())));
        }
        if (statuses.isEmpty()) {
            return rule.none();
        }
        if (statuses.contains(rule.any())) {
            return rule.any();
        }
        if (statuses.stream().allMatch(rule.all()::equals)) {
            return rule.all();
        }
        if (statuses.getFirst() == null) {
            throw HttpFailures.badBody(
                    response,
                    "neither " + label(fields.salesStatus()) + " nor " + label(fields.itemList()) + "/0/"
                            + fields.itemSalesStatusField() + " is there",
                    null);
        }
        return statuses.getFirst();
    }

    private boolean hasFirstPurchaseBadge(String badge) {
        return badge != null && config.firstPurchaseWords().stream().anyMatch(badge::contains);
    }

    private String mainImage(JsonNode product) {
        ZigzagConfig.Fields fields = config.fields();
        for (JsonNode image : product.at(fields.images())) {
            if (fields.imageTypeMain()
                    .equals(image.path(fields.imageTypeField()).asText())) {
                return JsonValues.optionalText(image.path(fields.imageUrlField()));
            }
        }
        return null;
    }

    /** A positive whole number, or null when absent, null or 0 (the original's {@code ||} treats 0 as absent). */
    private Long price(TextResponse response, JsonNode product, JsonPointer field) throws ScanException {
        JsonNode value = product.at(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.canConvertToExactIntegral()) {
            throw HttpFailures.badBody(response, label(field) + " is not a whole number: " + value, null);
        }
        return value.longValue() > 0 ? value.longValue() : null;
    }

    /** A field inside the product, named from the answer's root. */
    private String label(JsonPointer field) {
        return config.fields().product().toString() + field;
    }
}
