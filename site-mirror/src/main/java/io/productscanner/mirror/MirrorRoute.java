package io.productscanner.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One recorded answer, as listed in a host's {@code routes.json}.
 *
 * @param method       HTTP method, {@code GET} when absent
 * @param path         exact request path on the original host
 * @param query        exact query string to match, or null for any
 * @param bodyContains a substring the request body must contain (e.g. a GraphQL variable), or null
 * @param status       HTTP status to answer
 * @param headers      response headers
 * @param file         file (relative to the host folder) holding the body, or null
 * @param body         inline body when there is no file
 * @param delayMillis  wait before answering, to simulate a slow site
 * @param times        how many matching requests this route answers before later routes take over (e.g. a 403
 *                     then a 200), or 0 for every one
 */
record MirrorRoute(
        String method,
        String path,
        String query,
        String bodyContains,
        int status,
        Map<String, String> headers,
        String file,
        String body,
        long delayMillis,
        long times) {

    static MirrorRoute fromJson(JsonNode node) {
        Map<String, String> headers = new LinkedHashMap<>();
        node.path("headers")
                .properties()
                .forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
        String path = node.path("path").asText(null);
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("route needs a 'path' starting with '/': " + node);
        }
        return new MirrorRoute(
                node.path("method").asText("GET").toUpperCase(Locale.ROOT),
                path,
                node.path("query").asText(null),
                node.path("body_contains").asText(null),
                node.path("status").asInt(200),
                headers,
                node.path("file").asText(null),
                node.path("body").asText(null),
                node.path("delay_ms").asLong(0),
                node.path("times").asLong(0));
    }

    boolean matches(String requestMethod, String requestPath, String requestQuery, String requestBody) {
        return method.equals(requestMethod)
                && path.equals(requestPath)
                && (query == null || query.equals(requestQuery == null ? "" : requestQuery))
                && (bodyContains == null || requestBody.contains(bodyContains));
    }
}
