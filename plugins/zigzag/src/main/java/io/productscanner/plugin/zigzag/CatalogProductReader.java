package io.productscanner.plugin.zigzag;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import io.productscanner.spi.ScanException;
import io.productscanner.support.http.HttpFailures;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ZigzagConfig config;

    CatalogProductReader(ZigzagConfig config) {
        this.config = config;
    }

    /** Reads a 2xx answer; a GraphQL error with a not-found code gives a not_found snapshot. */
    ProductSnapshot read(String productId, TextResponse response, Instant scannedAt) throws ScanException {
        JsonNode root = parse(response);
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
            throw HttpFailures.badBody(response.url(), fields.product() + " is not an object", null);
        }
        String salesStatus = requiredText(response, product, fields.salesStatus());
        SaleStatus status = config.statusBySalesStatus().get(salesStatus);
        if (status == null) {
            throw HttpFailures.badBody(response.url(), "unknown sales_status '" + salesStatus + "' (mapped: "
                    + config.statusBySalesStatus().keySet() + "; add it to ZIGZAG_STATUS_MAP)", null);
        }
        boolean firstPurchaseCoupon = hasFirstPurchaseBadge(optionalText(product.at(fields.badgeText())));
        return new ProductSnapshot(ZigzagPlugin.ID, productId, url,
                requiredText(response, product, fields.name()),
                optionalText(product.at(fields.brand())),
                mainImage(product),
                requiredPrice(response, product, fields.originalPrice()),
                requiredPrice(response, product, firstPurchaseCoupon ? fields.finalPrice() : fields.discountPrice()),
                status, salesStatus, STRATEGY, scannedAt);
    }

    private boolean hasFirstPurchaseBadge(String badge) {
        return badge != null && config.firstPurchaseWords().stream().anyMatch(badge::contains);
    }

    private String mainImage(JsonNode product) {
        ZigzagConfig.Fields fields = config.fields();
        for (JsonNode image : product.at(fields.images())) {
            if (fields.imageTypeMain().equals(image.path(fields.imageTypeField()).asText())) {
                return optionalText(image.path(fields.imageUrlField()));
            }
        }
        return null;
    }

    private static JsonNode parse(TextResponse response) throws ScanException {
        try {
            JsonNode root = JSON.readTree(response.body());
            if (root == null || !root.isObject()) {
                throw HttpFailures.badBody(response.url(), "the body is not a JSON object", null);
            }
            return root;
        } catch (JacksonException e) {
            throw HttpFailures.badBody(response.url(), "the body is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private String requiredText(TextResponse response, JsonNode product, JsonPointer field) throws ScanException {
        String value = optionalText(product.at(field));
        if (value == null) {
            throw HttpFailures.badBody(response.url(), config.fields().product().toString() + field + " is missing", null);
        }
        return value;
    }

    private static String optionalText(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText().strip() : null;
    }

    private Long requiredPrice(TextResponse response, JsonNode product, JsonPointer field) throws ScanException {
        JsonNode value = product.at(field);
        if (!value.canConvertToExactIntegral()) {
            throw HttpFailures.badBody(response.url(), config.fields().product().toString() + field + " is not a whole number: "
                    + value, null);
        }
        return value.longValue();
    }
}
