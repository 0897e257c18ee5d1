package io.productscanner.support.core;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reading single JSON values into snapshot fields, wherever the JSON came from (an API answer, a page's own data):
 * what is absent or of the wrong shape is no value, never a guessed one.
 */
public final class JsonValues {
    private JsonValues() {}

    /** Non-blank text, stripped; null for anything else. */
    public static String optionalText(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText().strip() : null;
    }

    /**
     * A price above 0 given as a number or as a string of digits (what a page's own data holds, read as leniently as
     * the pages' scripts read it); anything else, 0 included, is no price.
     */
    public static Long positivePrice(JsonNode value) {
        long price;
        if (value.canConvertToExactIntegral()) {
            price = value.longValue();
        } else if (value.isTextual() && value.asText().strip().matches("\\d{1,15}")) {
            price = Long.parseLong(value.asText().strip());
        } else {
            return null;
        }
        return price > 0 ? price : null;
    }
}
