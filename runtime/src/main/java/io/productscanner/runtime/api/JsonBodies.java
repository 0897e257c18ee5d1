package io.productscanner.runtime.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.ServerRequest;
import io.productscanner.runtime.json.Json;
import java.io.IOException;

/** Reads a request body that must be one JSON object, within {@link JsonLimits}. */
final class JsonBodies {
    private JsonBodies() {}

    static ObjectNode object(ServerRequest req) {
        if (!req.content().hasEntity()) {
            throw ApiException.badRequest("invalid_json", "the request body must be a JSON object", null);
        }
        byte[] bytes = req.content().as(byte[].class);
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (StreamConstraintsException e) {
            // Jackson's own ceilings (nesting, number length) sit far above JsonLimits; hitting one is hostile
            throw ApiException.badRequest(
                    "too_large", "the request body exceeds what is accepted: " + e.getOriginalMessage(), null);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(
                    "invalid_json",
                    "the request body is not valid JSON: "
                            + e.getOriginalMessage() + " (line "
                            + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")",
                    null);
        } catch (IOException e) {
            throw ApiException.badRequest("invalid_json", "the request body cannot be read: " + e.getMessage(), null);
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("invalid_json", "the request body must be a JSON object", null);
        }
        JsonLimits.check(node);
        return (ObjectNode) node;
    }
}
