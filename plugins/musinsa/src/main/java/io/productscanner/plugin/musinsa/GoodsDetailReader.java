package io.productscanner.plugin.musinsa;

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

/**
 * Turns a goods-detail answer ({@code {"meta": {...}, "data": {...}}}) into a snapshot, deciding in the original
 * service's order (MusinsaHttpScanner, MusinsaExtractor): a permanent {@code meta.errorCode} means the product is
 * gone; any other error code, or no {@code data}, fails the scan; a members-only product is off sale; otherwise
 * {@code goodsSaleType} decides. A missing name or an unknown sale type is a {@link FailureKind#PARSE} failure
 * carrying the answer.
 */
final class GoodsDetailReader {
    static final String STRATEGY = "api";
    /** A members-only product: off sale whatever its sale type. */
    static final String MEMBERS_ONLY_STRATEGY = STRATEGY + ";status=members_only";

    private final MusinsaConfig config;

    GoodsDetailReader(MusinsaConfig config) {
        this.config = config;
    }

    /** Reads a 2xx answer, or the 404 musinsa sends with a JSON error code. */
    ProductSnapshot read(String productId, TextResponse response, Instant scannedAt) throws ScanException {
        JsonNode root;
        try {
            root = JsonBodies.parseObject(response);
        } catch (ScanException notJson) {
            if (response.isSuccessful()) {
                throw notJson;
            }
            // not musinsa's JSON error, e.g. a CDN's error page
            throw HttpFailures.forStatus(response);
        }
        String url = MusinsaPlugin.URLS.canonical(productId).toString();
        MusinsaConfig.Fields fields = config.fields();
        String errorCode = JsonValues.optionalText(root.at(fields.errorCode()));
        if (errorCode != null && config.notFoundErrorCodes().contains(errorCode)) {
            return ProductSnapshot.notFound(MusinsaPlugin.ID, productId, url, errorCode, STRATEGY, scannedAt);
        }
        if (errorCode != null) {
            throw new ScanException(
                            FailureKind.UPSTREAM,
                            "HTTP " + response.status() + " from " + response.url()
                                    + " with meta.errorCode '" + errorCode + "' ("
                                    + root.at(fields.errorMessage()).asText("")
                                    + "), not one of MUSINSA_NOT_FOUND_ERROR_CODES " + config.notFoundErrorCodes())
                    .withEvidence(HttpFailures.evidence(response));
        }
        if (!response.isSuccessful()) {
            // the original: "Product not found (deleted or unavailable)", a failed scan, not a vanished product
            throw new ScanException(
                            FailureKind.UPSTREAM,
                            "HTTP " + response.status() + " from " + response.url() + " without a meta.errorCode")
                    .withEvidence(HttpFailures.evidence(response));
        }
        if (!root.at(fields.data()).isObject()) {
            throw HttpFailures.badBody(response, fields.data() + " is missing and there is no meta.errorCode", null);
        }
        String name = JsonBodies.requiredText(response, root, fields.name());
        String saleType = JsonValues.optionalText(root.at(fields.saleType()));
        // checked first, as the original does: members-only cannot be bought by the catalog's shoppers
        boolean membersOnly = root.at(fields.membersOnly()).asBoolean(false);
        SaleStatus status = membersOnly
                ? SaleStatus.OFF_SALE
                : saleType == null ? null : config.statusBySaleType().get(saleType);
        if (status == null) {
            throw HttpFailures.badBody(
                    response,
                    "unknown goodsSaleType '" + saleType + "' (mapped: "
                            + config.statusBySaleType().keySet() + "; add it to MUSINSA_STATUS_MAP)",
                    null);
        }
        boolean couponApplies = root.at(fields.couponApplies()).asBoolean(false);
        Long sale = JsonBodies.optionalPrice(response, root, couponApplies ? fields.couponPrice() : fields.salePrice());
        Long original = JsonBodies.optionalPrice(response, root, fields.originalPrice());
        return ProductSnapshot.builder(MusinsaPlugin.ID, productId)
                .url(url)
                .productName(name)
                .brand(JsonValues.optionalText(root.at(fields.brand())))
                .thumbnail(thumbnail(JsonValues.optionalText(root.at(fields.thumbnail()))))
                // the original: normalPrice when above 0, else the sale price
                .originalPrice(original != null ? original : sale)
                .discountedPrice(sale)
                .saleStatus(status)
                .rawStatus(saleType != null ? saleType : "isBuyForMember")
                .strategy(membersOnly ? MEMBERS_ONLY_STRATEGY : STRATEGY)
                .scannedAt(scannedAt)
                .build();
    }

    /** An absolute URL as is; a path (the usual case) on the image host. */
    private String thumbnail(String value) {
        if (value == null || value.startsWith("https://") || value.startsWith("http://")) {
            return value;
        }
        if (value.startsWith("//")) {
            return "https:" + value;
        }
        return config.imageBaseUrl() + (value.startsWith("/") ? "" : "/") + value;
    }
}
