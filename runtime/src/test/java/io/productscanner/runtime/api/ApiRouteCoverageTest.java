package io.productscanner.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.testing.ApiContract;
import java.lang.reflect.Proxy;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenAPI document lists every route the server has, and the server has every route the document lists. The
 * server's routes are recorded by running {@link ApiServer}'s own routing code against a recording routing builder,
 * so a route added to any service without a line in {@code META-INF/openapi.yaml} fails here; each documented
 * operation is then sent to the real server, which must route it (not answer 404 {@code no_such_endpoint}).
 */
class ApiRouteCoverageTest {
    private static final Set<String> HTTP_METHODS =
            Set.of("get", "post", "put", "delete", "head", "patch", "options", "trace", "any");

    @RegisterExtension
    static final InProcessApi api = InProcessApi.perClass(Optional.empty());

    @Test
    void everyRouteTheServerRegistersIsDocumentedAndEveryDocumentedRouteIsRegistered() {
        List<String> recorded = new ArrayList<>();
        ApiServer.routes(recorder("", recorded), ApiAccess.unauthenticated("127.0.0.1", 0), api.dependencies());
        Set<String> served = new TreeSet<>();
        for (String route : recorded) {
            String path = route.substring(route.indexOf(' ') + 1);
            // the console's files and the catch-all that answers no_such_endpoint are not API routes
            if (path.startsWith("/api/") && !path.endsWith("*")) {
                served.add(route);
            }
        }
        Set<String> documented = new TreeSet<>();
        for (String operation : ApiContract.get().operations()) {
            if (operation.contains(" /api/")) {
                documented.add(operation);
            }
        }
        assertTrue(served.size() > 25, "recorded too few routes to be the real set: " + served);

        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(served);
        assertEquals(Set.of(), undocumented, "routes the server has that META-INF/openapi.yaml does not document");
        assertEquals(Set.of(), missing, "routes META-INF/openapi.yaml documents that the server does not have");
    }

    @Test
    void theRealServerRoutesEveryDocumentedOperation() throws Exception {
        for (String operation : ApiContract.get().operations()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation
                    .substring(operation.indexOf(' ') + 1)
                    .replace("{id}", "019ad0c1-0000-7000-8000-000000000000")
                    .replaceAll("\\{[^}]+}", "nothing-here");
            HttpRequest.Builder request = HttpRequest.newBuilder(api.uri(path));
            request = method.equals("GET") || method.equals("DELETE")
                    ? request.method(method, HttpRequest.BodyPublishers.noBody())
                    : request.header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofString("{}"));
            HttpResponse<String> response = api.send(request);

            assertNotEquals(405, response.statusCode(), operation);
            if (response.statusCode() == 404) {
                JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
                assertNotEquals("no_such_endpoint", error.path("code").asText(), operation + ": " + response.body());
                assertNotEquals("not_found", error.path("code").asText(), operation + ": " + response.body());
            }
        }
    }

    /** A routing builder that records {@code METHOD /path} for every route registered on it, and nothing else. */
    private static HttpRouting.Builder recorder(String prefix, List<String> recorded) {
        return (HttpRouting.Builder) Proxy.newProxyInstance(
                ApiRouteCoverageTest.class.getClassLoader(),
                new Class<?>[] {HttpRouting.Builder.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("register")
                            && args != null
                            && args.length == 2
                            && args[0] instanceof String path
                            && args[1] instanceof HttpService[] services) {
                        HttpRouting.Builder child = recorder(join(prefix, path), recorded);
                        for (HttpService service : services) {
                            service.routing(child);
                        }
                    } else if (name.equals("register") || name.equals("route")) {
                        throw new AssertionError("a route registered in a way this recorder does not read: " + method
                                + "; teach ApiRouteCoverageTest to record it");
                    } else if (HTTP_METHODS.contains(name)
                            && args != null
                            && args.length == 2
                            && args[0] instanceof String path) {
                        recorded.add(name.toUpperCase(Locale.ROOT) + " " + join(prefix, path));
                    } else if (HTTP_METHODS.contains(name)) {
                        throw new AssertionError("a route without a path: " + method);
                    }
                    return method.getReturnType().isInstance(proxy) ? proxy : null;
                });
    }

    private static String join(String prefix, String path) {
        String joined = path.equals("/") ? prefix : prefix + path;
        return joined.isEmpty() ? "/" : joined;
    }
}
