package io.productscanner.plugin.musinsa;

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

/**
 * Turns a goods-detail answer ({@code {"meta": {...}, "data": {...}}}) into a snapshot, as PLATFORMS.md describes
 * musinsa. Anything missing that a snapshot needs is a {@link io.productscanner.spi.FailureKind#PARSE} failure
 * rather than a guess.
 */
final class GoodsDetailReader {
    static final String STRATEGY = "api";

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
        String url = MusinsaUrls.canonical(productId).toString();
        MusinsaConfig.Fields fields = config.fields();
        String errorCode = root.at(fields.errorCode()).asText("");
        if (config.notFoundErrorCodes().contains(errorCode)) {
            return ProductSnapshot.notFound(MusinsaPlugin.ID, productId, url, errorCode, STRATEGY, scannedAt);
        }
        if (!response.isSuccessful()) {
            throw new ScanException(FailureKind.UPSTREAM, "HTTP " + response.status() + " from " + response.url()
                    + " with meta.errorCode '" + errorCode + "', not one of MUSINSA_NOT_FOUND_ERROR_CODES "
                    + config.notFoundErrorCodes());
        }
        String saleType = JsonBodies.requiredText(response, root, fields.saleType());
        SaleStatus listed = config.statusBySaleType().get(saleType);
        if (listed == null) {
            throw HttpFailures.badBody(response, "unknown goodsSaleType '" + saleType + "' (mapped: "
                    + config.statusBySaleType().keySet() + "; add it to MUSINSA_STATUS_MAP)", null);
        }
        // a members-only product cannot be bought by the catalog's shoppers, whatever its sale type
        SaleStatus status = root.at(fields.membersOnly()).asBoolean(false) ? SaleStatus.OFF_SALE : listed;

        boolean couponApplies = root.at(fields.couponApplies()).asBoolean(false);
        JsonPointer price = couponApplies ? fields.couponPrice() : fields.salePrice();
        return new ProductSnapshot(MusinsaPlugin.ID, productId, url,
                JsonBodies.requiredText(response, root, fields.name()),
                JsonBodies.optionalText(root.at(fields.brand())),
                thumbnail(JsonBodies.optionalText(root.at(fields.thumbnail()))),
                JsonBodies.requiredWholeNumber(response, root, fields.originalPrice()),
                JsonBodies.requiredWholeNumber(response, root, price),
                status, saleType, STRATEGY, scannedAt);
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
