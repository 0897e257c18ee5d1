package io.productscanner.runtime.product;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.json.Json;

/**
 * One product a job checks: where to read it and what the catalog expects it to show.
 *
 * @param url          product URL on its platform
 * @param productSetId the catalog row it came from, or null
 * @param expected     expected fields (product_name, thumbnail, original_price, discounted_price, sale_status);
 *                     only the fields present are compared
 */
public record ProductCheck(String url, String productSetId, ObjectNode expected) {
    public ObjectNode toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("url", url);
        json.put("product_set_id", productSetId);
        json.set("expected", expected);
        return json;
    }

    public static ProductCheck fromJson(JsonNode json) {
        JsonNode setId = json.path("product_set_id");
        JsonNode expected = json.path("expected");
        return new ProductCheck(
                json.path("url").asText(),
                setId.isNull() || setId.isMissingNode() ? null : setId.asText(),
                expected.isObject() ? (ObjectNode) expected : Json.MAPPER.createObjectNode());
    }
}
