package io.productscanner.plugin.zigzag;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import io.productscanner.spi.ScanException;
import io.productscanner.support.http.HttpFailures;
import io.productscanner.support.http.JsonBodies;
import io.productscanner.support.http.TextResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the {@code GetCatalogProductDetailPageOption} answer into a snapshot, as PLATFORMS.md describes zigzag,
 * including the first-purchase-coupon rule for the sale price. Anything missing that a snapshot needs is a
 * {@link FailureKind#PARSE} failure rather than a guess.
 */
final class CatalogProductReader {
    static final String STRATEGY = "graphql";

    private final ZigzagConfig config;

    CatalogProductReader(ZigzagConfig config) {
        this.config = config;
    }

    /** Reads a 2xx answer; a GraphQL error with a not-found code gives a not_found snapshot. */
    ProductSnapshot read(String productId, TextResponse response, Instant scannedAt) throws ScanException {
        JsonNode root = JsonBodies.parseObject(response);
        String url = ZigzagUrls.canonical(productId).toString();
        List<String> errorCodes = new ArrayList<>();
        List<String> errorMessages = new ArrayList<>();
        for (JsonNode error : root.path("errors")) {
            errorCodes.add(error.path("extensions").path("code").asText(""));
            errorMessages.add(error.path("message").asText(""));
        }
        for (String code : errorCodes) {
            if (config.notFoundErrorCodes().contains(code)) {
                return ProductSnapshot.notFound(ZigzagPlugin.ID, productId, url, code, STRATEGY, scannedAt);
            }
        }
        ZigzagConfig.Fields fields = config.fields();
        JsonNode product = root.at(fields.product());
        if (!product.isObject()) {
            if (!errorCodes.isEmpty()) {
                throw new ScanException(FailureKind.UPSTREAM, "GraphQL errors from " + response.url() + ": codes "
                        + errorCodes + ", messages " + errorMessages + " (none in ZIGZAG_NOT_FOUND_ERROR_CODES "
                        + config.notFoundErrorCodes() + ")");
            }
            throw HttpFailures.badBody(response, fields.product() + " is not an object", null);
        }
        String salesStatus = JsonBodies.requiredText(response, product, fields.salesStatus(),
                label(fields.salesStatus()));
        SaleStatus status = config.statusBySalesStatus().get(salesStatus);
        if (status == null) {
            throw HttpFailures.badBody(response, "unknown sales_status '" + salesStatus + "' (mapped: "
                    + config.statusBySalesStatus().keySet() + "; add it to ZIGZAG_STATUS_MAP)", null);
        }
        boolean firstPurchaseCoupon = hasFirstPurchaseBadge(JsonBodies.optionalText(product.at(fields.badgeText())));
        return new ProductSnapshot(ZigzagPlugin.ID, productId, url,
                JsonBodies.requiredText(response, product, fields.name(), label(fields.name())),
                JsonBodies.optionalText(product.at(fields.brand())),
                mainImage(product),
                price(response, product, fields.originalPrice()),
                price(response, product, firstPurchaseCoupon ? fields.finalPrice() : fields.discountPrice()),
                status, salesStatus, STRATEGY, scannedAt);
    }

    private boolean hasFirstPurchaseBadge(String badge) {
        return badge != null && config.firstPurchaseWords().stream().anyMatch(badge::contains);
    }

    private String mainImage(JsonNode product) {
        ZigzagConfig.Fields fields = config.fields();
        for (JsonNode image : product.at(fields.images())) {
            if (fields.imageTypeMain().equals(image.path(fields.imageTypeField()).asText())) {
                return JsonBodies.optionalText(image.path(fields.imageUrlField()));
            }
        }
        return null;
    }

    private long price(TextResponse response, JsonNode product, JsonPointer field) throws ScanException {
        return JsonBodies.requiredWholeNumber(response, product, field, label(field));
    }

    /** A field inside the product, named from the answer's root. */
    private String label(JsonPointer field) {
        return config.fields().product().toString() + field;
    }
}
