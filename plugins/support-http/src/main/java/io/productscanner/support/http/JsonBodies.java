package io.productscanner.support.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ScanException;
import io.productscanner.support.core.JsonValues;

/**
 * Reading a JSON answer into a snapshot's fields: anything a snapshot needs that is missing or of the wrong type is a
 * {@link FailureKind#PARSE} failure naming the field and carrying the answer, never a guessed value. Single values
 * that may be absent: {@link JsonValues}.
 */
public final class JsonBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonBodies() {}

    /** The body as a JSON object. */
    public static JsonNode parseObject(TextResponse response) throws ScanException {
        try {
            JsonNode root = JSON.readTree(response.body());
            if (root == null || !root.isObject()) {
                throw HttpFailures.badBody(response, "the body is not a JSON object", null);
            }
            return root;
        } catch (JacksonException e) {
            throw HttpFailures.badBody(response, "the body is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The text at {@code field} of {@code node}. */
    public static String requiredText(TextResponse response, JsonNode node, JsonPointer field) throws ScanException {
        return requiredText(response, node, field, field.toString());
    }

    /** The text at {@code field} of {@code node}; {@code label} names the field in the failure. */
    public static String requiredText(TextResponse response, JsonNode node, JsonPointer field, String label)
            throws ScanException {
        String value = JsonValues.optionalText(node.at(field));
        if (value == null) {
            throw HttpFailures.badBody(response, label + " is missing", null);
        }
        return value;
    }

    /** The whole number at {@code field} of {@code node} (a price). */
    public static long requiredWholeNumber(TextResponse response, JsonNode node, JsonPointer field)
            throws ScanException {
        return requiredWholeNumber(response, node, field, field.toString());
    }

    /** The whole number at {@code field} of {@code node} (a price); {@code label} names the field in the failure. */
    public static long requiredWholeNumber(TextResponse response, JsonNode node, JsonPointer field, String label)
            throws ScanException {
        JsonNode value = node.at(field);
        if (!value.canConvertToExactIntegral()) {
            throw HttpFailures.badBody(response, label + " is not a whole number: " + value, null);
        }
        return value.longValue();
    }

    /**
     * The price at {@code field} of {@code node}, or null when it is absent, null or not above 0 (a page showing no
     * price, not a free product).
     *
     * @throws ScanException {@link FailureKind#PARSE} naming the field when it is present but not a whole number
     */
    public static Long optionalPrice(TextResponse response, JsonNode node, JsonPointer field) throws ScanException {
        JsonNode value = node.at(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.canConvertToExactIntegral()) {
            throw HttpFailures.badBody(response, field + " is not a whole number: " + value, null);
        }
        return value.longValue() > 0 ? value.longValue() : null;
    }
}
