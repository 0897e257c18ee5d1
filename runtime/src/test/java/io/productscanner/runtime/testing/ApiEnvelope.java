package io.productscanner.runtime.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.json.Json;
import java.net.http.HttpResponse;

/** Reads the API's answer envelope ({@code success} with {@code data} or {@code error}) in tests. */
public final class ApiEnvelope {
    private ApiEnvelope() {}

    /** The envelope's {@code data}, after checking it succeeded. */
    public static JsonNode data(HttpResponse<String> response) {
        JsonNode body = Json.read(response.body());
        if (!body.path("success").asBoolean(false)) {
            throw new AssertionError("not a success envelope: " + response.body());
        }
        return body.path("data");
    }

    /** The envelope's {@code error}, after checking it failed. */
    public static JsonNode error(HttpResponse<String> response) {
        JsonNode body = Json.read(response.body());
        if (body.path("success").asBoolean(true) || !body.path("error").isObject()) {
            throw new AssertionError("not an error envelope: " + response.body());
        }
        return body.path("error");
    }
}
