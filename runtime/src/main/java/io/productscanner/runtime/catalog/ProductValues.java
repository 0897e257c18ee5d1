package io.productscanner.runtime.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.product.ProductResult;

/**
 * The five compared fields of one product, as the catalog holds them or as a scan read them. Null means absent
 * (not in the catalog, or not read by the scan).
 */
public record ProductValues(
        String productName, String thumbnail, Long originalPrice, Long discountedPrice, String saleStatus) {

    /** One field as text: prices in decimal digits, null when absent. */
    public String text(ProductField field) {
        return switch (field) {
            case PRODUCT_NAME -> productName;
            case THUMBNAIL -> thumbnail;
            case ORIGINAL_PRICE -> originalPrice == null ? null : originalPrice.toString();
            case DISCOUNTED_PRICE -> discountedPrice == null ? null : discountedPrice.toString();
            case SALE_STATUS -> saleStatus;
        };
    }

    /** The present fields as a product's {@code expected} object, keyed by {@link ProductField#key()}. */
    public ObjectNode toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        for (ProductField field : ProductField.values()) {
            String value = text(field);
            if (value != null) {
                if (field.isPrice()) {
                    json.put(field.key(), Long.parseLong(value));
                } else {
                    json.put(field.key(), value);
                }
            }
        }
        return json;
    }

    /**
     * Reads a product's {@code expected} object; absent and null keys give null fields.
     *
     * @throws IllegalArgumentException naming the field when a price is not a whole number
     */
    public static ProductValues fromJson(JsonNode expected) {
        return new ProductValues(
                text(expected, ProductField.PRODUCT_NAME),
                text(expected, ProductField.THUMBNAIL),
                price(expected, ProductField.ORIGINAL_PRICE),
                price(expected, ProductField.DISCOUNTED_PRICE),
                text(expected, ProductField.SALE_STATUS));
    }

    /** The fields a scan read, as a job's results carry them. */
    public static ProductValues fromFetched(ProductResult.Fetched fetched) {
        return new ProductValues(
                fetched.productName(),
                fetched.thumbnail(),
                fetched.originalPrice(),
                fetched.discountedPrice(),
                fetched.saleStatus());
    }

    private static String text(JsonNode json, ProductField field) {
        JsonNode value = json.path(field.key());
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private static Long price(JsonNode json, ProductField field) {
        JsonNode value = json.path(field.key());
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        try {
            return Long.parseLong(value.asText().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field.key() + " must be a whole number, got " + value);
        }
    }
}
