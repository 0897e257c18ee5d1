package io.productscanner.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Bounds on a parsed request body. The 1 MiB body cap alone still lets a body nest a thousand levels or hold
 * a hundred thousand tiny items, which every later step (validation, Redis, the worker) would have to carry;
 * these bounds refuse that up front and name the field at fault. Jackson's own, looser ceilings (nesting 1000,
 * names 50,000 characters) stop what would not even parse; {@link JsonBodies} reports those.
 */
final class JsonLimits {
    /** Containers counted from the body itself, which is level 1. */
    static final int MAX_DEPTH = 20;
    /** Items of any array, and fields of any object. */
    static final int MAX_ITEMS = 10_000;
    /** UTF-8 bytes of any string value; field names are already held under 50,000 by the parser. */
    static final int MAX_STRING_BYTES = 64 * 1024;

    private JsonLimits() {}

    /** @throws ApiException 400 {@code too_large} naming the first field over a bound */
    static void check(JsonNode body) {
        check(body, "", 1);
    }

    private static void check(JsonNode node, String path, int depth) {
        if (node.isContainerNode() && depth > MAX_DEPTH) {
            throw tooLarge(path, describe(path) + " nests deeper than " + MAX_DEPTH + " levels");
        }
        if (node.isArray()) {
            if (node.size() > MAX_ITEMS) {
                throw tooLarge(path, describe(path) + " has " + node.size() + " items (at most " + MAX_ITEMS + ")");
            }
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), path + "[" + i + "]", depth + 1);
            }
        } else if (node.isObject()) {
            if (node.size() > MAX_ITEMS) {
                throw tooLarge(path, describe(path) + " has " + node.size() + " fields (at most " + MAX_ITEMS + ")");
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                check(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), depth + 1);
            }
        } else if (node.isTextual() && utf8Length(node.textValue()) > MAX_STRING_BYTES) {
            throw tooLarge(path, describe(path) + " is longer than " + MAX_STRING_BYTES + " bytes");
        } else if (node.isIntegralNumber() && !node.canConvertToLong()
                || node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            // nothing accepts such a number, and read as a long it would wrap (2^64 + 1 reads as 1)
            throw ApiException.badRequest(
                    "invalid_field",
                    describe(path) + " is a number out of range (an integer "
                            + "must fit in 64 bits, any other number be finite)",
                    path.isEmpty() ? null : path);
        }
    }

    private static String describe(String path) {
        return path.isEmpty() ? "the request body" : path;
    }

    private static ApiException tooLarge(String path, String message) {
        return ApiException.badRequest("too_large", message, path.isEmpty() ? null : path);
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800 || Character.isSurrogate(c)) {
                bytes += 2; // a surrogate pair is 4 bytes, 2 per half
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
