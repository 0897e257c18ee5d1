package io.productscanner.plugin.hwahae;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import io.productscanner.spi.ScanException;
import io.productscanner.support.http.HttpFailures;
import io.productscanner.support.http.TextResponse;

import java.time.Instant;

/**
 * Turns a commerce goods answer into a snapshot, as PLATFORMS.md describes hwahae: name, first title image, consumer
 * price, price and sale status; hwahae gives no brand here. Anything missing that a snapshot needs is a
 * {@link io.productscanner.spi.FailureKind#PARSE} failure rather than a guess.
 */
final class GoodsReader {
    static final String STRATEGY = "api";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HwahaeConfig config;

    GoodsReader(HwahaeConfig config) {
        this.config = config;
    }

    /** Reads a 2xx answer. */
    ProductSnapshot read(String productId, TextResponse response, Instant scannedAt) throws ScanException {
        JsonNode root = parse(response);
        HwahaeConfig.Fields fields = config.fields();
        String saleStatus = requiredText(response, root, fields.saleStatus());
        SaleStatus status = config.statusBySaleStatus().get(saleStatus);
        if (status == null) {
            throw HttpFailures.badBody(response.url(), "unknown sale_status '" + saleStatus + "' (mapped: "
                    + config.statusBySaleStatus().keySet() + "; add it to HWAHAE_STATUS_MAP)", null);
        }
        return new ProductSnapshot(HwahaePlugin.ID, productId, HwahaeUrls.canonical(productId).toString(),
                requiredText(response, root, fields.name()),
                null,
                optionalText(root.at(fields.thumbnail())),
                requiredPrice(response, root, fields.originalPrice()),
                requiredPrice(response, root, fields.salePrice()),
                status, saleStatus, STRATEGY, scannedAt);
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

    private static String requiredText(TextResponse response, JsonNode root, JsonPointer field)
            throws ScanException {
        String value = optionalText(root.at(field));
        if (value == null) {
            throw HttpFailures.badBody(response.url(), field + " is missing", null);
        }
        return value;
    }

    private static String optionalText(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText().strip() : null;
    }

    private static Long requiredPrice(TextResponse response, JsonNode root, JsonPointer field) throws ScanException {
        JsonNode value = root.at(field);
        if (!value.canConvertToExactIntegral()) {
            throw HttpFailures.badBody(response.url(), field + " is not a whole number: " + value, null);
        }
        return value.longValue();
    }
}
