package io.productscanner.support.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ScanException;

/**
 * Reading a JSON answer into a snapshot's fields: anything a snapshot needs that is missing or of the wrong type is a
 * {@link FailureKind#PARSE} failure naming the field, never a guessed value.
 */
public final class JsonBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonBodies() {
    }

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

    /** Non-blank text, stripped; null for anything else. */
    public static String optionalText(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText().strip() : null;
    }

    /** The text at {@code field} of {@code node}. */
    public static String requiredText(TextResponse response, JsonNode node, JsonPointer field) throws ScanException {
        return requiredText(response, node, field, field.toString());
    }

    /** The text at {@code field} of {@code node}; {@code label} names the field in the failure. */
    public static String requiredText(TextResponse response, JsonNode node, JsonPointer field, String label)
            throws ScanException {
        String value = optionalText(node.at(field));
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
}
