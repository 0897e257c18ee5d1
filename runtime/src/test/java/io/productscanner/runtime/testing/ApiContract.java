package io.productscanner.runtime.testing;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The API's OpenAPI document ({@code META-INF/openapi.yaml}) as a test oracle: {@link #check} fails when an answer
 * the server gave is not what the document says that route answers (a status it does not list, a body that does
 * not match the JSON Schema (2020-12) of that status, a 202 without its {@code Location}). The end-to-end helpers
 * pass every answer they receive through it, so the end-to-end runs are contract checks too.
 */
public final class ApiContract {
    private static final String RESOURCE = "META-INF/openapi.yaml";
    /** Where the document is said to live, so its internal {@code $ref}s resolve; nothing is fetched from it. */
    private static final String BASE = "https://productscanner.invalid/openapi.json";

    private static final JsonMapper JSON = new JsonMapper();
    private static final ApiContract INSTANCE = load();

    private final JsonNode document;
    private final SchemaRegistry schemas;
    private final List<Route> routes;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    private ApiContract(JsonNode document, String json) {
        this.document = document;
        this.schemas = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12, registry -> registry.schemas(Map.of(BASE, json)));
        List<Route> found = new ArrayList<>();
        for (String template : document.get("paths").propertyNames()) {
            found.add(new Route(template, Pattern.compile("^" + template.replaceAll("\\{[^}/]+}", "[^/]+") + "/?$")));
        }
        // a literal segment wins over a parameter: /api/v2/jobs/running before /api/v2/jobs/{id}
        found.sort(Comparator.comparingLong(
                route -> route.template().chars().filter(c -> c == '{').count()));
        this.routes = List.copyOf(found);
    }

    public static ApiContract get() {
        return INSTANCE;
    }

    private static ApiContract load() {
        try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            JsonNode document = new YAMLMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return new ApiContract(document, JSON.writeValueAsString(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document as read. */
    public JsonNode document() {
        return document;
    }

    /** Every documented operation, as {@code "GET /api/v2/jobs/{id}"}. */
    public List<String> operations() {
        List<String> out = new ArrayList<>();
        for (Route route : routes) {
            for (String method : document.get("paths").get(route.template()).propertyNames()) {
                out.add(method.toUpperCase(Locale.ROOT) + " " + route.template());
            }
        }
        return out;
    }

    /** The documented path template {@code path} (without its query) falls under, if any. */
    public Optional<String> templateOf(String path) {
        return routes.stream()
                .filter(route -> route.pattern().matcher(path).matches())
                .map(Route::template)
                .findFirst();
    }

    /**
     * Fails unless the document allows this answer to {@code method} {@code target} (path and query).
     *
     * @param contentType the answer's {@code Content-Type}, or null
     * @param location    the answer's {@code Location}, or null
     */
    public void check(String method, String target, int status, String contentType, String location, String body) {
        String path = routed(target.split("[?#]", 2)[0]);
        Optional<String> template = templateOf(path);
        String what = method + " " + target + " answered " + status;
        if (template.isEmpty()) {
            if (path.startsWith("/api/v2/")) {
                // no such route: the error envelope all the same
                validate("/components/schemas/ErrorEnvelope", body, what);
            }
            return;
        }
        JsonNode operation = document.get("paths").get(template.get()).get(method.toLowerCase(Locale.ROOT));
        if (operation == null || isUnrouted(status, body)) {
            // a target no route takes (a trailing slash, another method): the error envelope all the same
            validate("/components/schemas/ErrorEnvelope", body, what);
            return;
        }
        JsonNode response = operation.get("responses").get(Integer.toString(status));
        if (response == null) {
            throw new AssertionError(what + ", a status the OpenAPI document does not list for "
                    + method + " " + template.get() + " (it lists "
                    + operation.get("responses").propertyNames()
                    + "); body: " + body);
        }
        String pointer =
                "/paths/" + escape(template.get()) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/" + status;
        if (response.has("$ref")) {
            pointer = response.get("$ref").asString().substring(1);
            response = at(pointer);
        }
        if (response.path("headers").has("Location") && status == 202 && location == null) {
            throw new AssertionError(what + " without the Location header the document promises");
        }
        String mediaType =
                contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        JsonNode content = response.path("content");
        if (!content.has(mediaType)) {
            throw new AssertionError(what + " as '" + contentType + "', which the document does not list (it lists "
                    + content.propertyNames() + ")");
        }
        if (mediaType.equals("application/json")) {
            validate(pointer + "/content/" + escape(mediaType) + "/schema", body, what);
        }
    }

    /** Helidon's or the catch-all's 404 for a target no route takes. */
    private static boolean isUnrouted(int status, String body) {
        if (status != 404) {
            return false;
        }
        try {
            String code = JSON.readTree(body).path("error").path("code").asString();
            return code.equals("no_such_endpoint") || code.equals("not_found");
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    private JsonNode at(String pointer) {
        return document.at(pointer);
    }

    private void validate(String pointer, String body, String what) {
        Schema schema =
                compiled.computeIfAbsent(pointer, key -> schemas.getSchema(SchemaLocation.of(BASE + "#" + key)));
        JsonNode value;
        try {
            value = JSON.readTree(body);
        } catch (RuntimeException e) {
            throw new AssertionError(what + " with a body that is not JSON: " + body, e);
        }
        List<Error> errors = schema.validate(value);
        if (!errors.isEmpty()) {
            throw new AssertionError(what + " with a body the OpenAPI document does not allow (" + pointer + "): "
                    + errors + "; body: " + body);
        }
    }

    /**
     * The path as the server routes it: without its segments' {@code ;parameters} and its literal dot segments (an
     * escaped dot, {@code %2e}, stays a segment of its own, as an escaped slash does not split one).
     */
    private static String routed(String rawPath) {
        Deque<String> segments = new ArrayDeque<>();
        for (String withParameters : rawPath.split("/", -1)) {
            String segment = withParameters.split(";", 2)[0];
            if (segment.equals("..")) {
                segments.pollLast();
            } else if (!segment.equals(".") && !(segment.isEmpty() && !segments.isEmpty())) {
                segments.addLast(segment);
            }
        }
        String path = String.join("/", segments);
        return path.startsWith("/") ? path : "/" + path;
    }

    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }

    private record Route(String template, Pattern pattern) {}
}
