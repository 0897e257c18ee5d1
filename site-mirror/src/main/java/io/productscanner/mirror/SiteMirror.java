package io.productscanner.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers {@code METHOD /{host}{path}?{query}} from a fixture tree: {@code root/{host}/routes.json} lists
 * recorded answers (method, path, optional query and body match, status, headers, body file); a request no
 * route matches is served from the file {@code root/{host}{path}} when it exists, else 404. A route with
 * {@code "times": N} answers only its first N matches (until {@link #resetCounts()}), so a fixture can refuse
 * a request and then answer it.
 * Counts every request, so tests can show what a run fetched. Listens on loopback unless told otherwise (a
 * container serving other containers binds every interface).
 */
public final class SiteMirror implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ConcurrentMap<String, List<MirrorRoute>> routesByHost = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicLong> requestCounts = new ConcurrentHashMap<>();
    // answers given by each limited route; keyed by identity, since two routes may be equal
    private final Map<MirrorRoute, Long> limitedRouteUses = new IdentityHashMap<>();

    private SiteMirror(Path root, InetAddress address, int port) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.server = HttpServer.create(new InetSocketAddress(address, port), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a mirror of the fixture tree at {@code root} on the port given (0 picks a free one). */
    public static SiteMirror start(Path root, int port) throws IOException {
        return start(root, InetAddress.getLoopbackAddress(), port);
    }

    /** Starts a mirror of the fixture tree at {@code root} on the address and port given (0 picks a free one). */
    public static SiteMirror start(Path root, InetAddress address, int port) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("site mirror fixture folder not found: " + root.toAbsolutePath());
        }
        return new SiteMirror(root, address, port);
    }

    /** The base URL to put in {@code SCANNER_SITE_MIRROR}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many requests were made for {@code host + path} (any method and query). */
    public long requestCount(String hostAndPath) {
        AtomicLong count = requestCounts.get(hostAndPath);
        return count == null ? 0 : count.get();
    }

    /** Every {@code host + path} requested so far, with its count. */
    public Map<String, Long> requestCounts() {
        Map<String, Long> copy = new TreeMap<>();
        requestCounts.forEach((key, value) -> copy.put(key, value.get()));
        return copy;
    }

    /** Forgets the request counts and the uses of routes limited by {@code times}. */
    public void resetCounts() {
        requestCounts.clear();
        synchronized (limitedRouteUses) {
            limitedRouteUses.clear();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String rawPath = exchange.getRequestURI().getRawPath();
            if (rawPath.equals("/__mirror/requests")) {
                respond(
                        exchange,
                        200,
                        Map.of("Content-Type", "application/json"),
                        JSON.writeValueAsBytes(requestCounts()));
                return;
            }
            int slash = rawPath.indexOf('/', 1);
            if (slash < 0) {
                respond(exchange, 404, Map.of(), "no host in mirrored path".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String host = rawPath.substring(1, slash);
            String path = exchange.getRequestURI().getPath().substring(slash);
            String query = exchange.getRequestURI().getRawQuery();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requestCounts.computeIfAbsent(host + path, k -> new AtomicLong()).incrementAndGet();

            Path hostDir = root.resolve(host).normalize();
            if (!hostDir.startsWith(root) || !Files.isDirectory(hostDir)) {
                respond(exchange, 404, Map.of(), ("no fixtures for host " + host).getBytes(StandardCharsets.UTF_8));
                return;
            }
            String method = exchange.getRequestMethod();
            for (MirrorRoute route : routes(host, hostDir)) {
                if (route.matches(method, path, query, body) && takeUse(route)) {
                    serveRoute(exchange, hostDir, route);
                    return;
                }
            }
            Path file = hostDir.resolve(path.substring(1)).normalize();
            if (method.equals("GET") && file.startsWith(hostDir) && Files.isRegularFile(file)) {
                respond(exchange, 200, Map.of("Content-Type", contentType(file)), Files.readAllBytes(file));
                return;
            }
            respond(
                    exchange,
                    404,
                    Map.of("Content-Type", "text/plain"),
                    ("not recorded: " + method + " " + host + path).getBytes(StandardCharsets.UTF_8));
        }
    }

    private List<MirrorRoute> routes(String host, Path hostDir) {
        return routesByHost.computeIfAbsent(host, h -> {
            Path routesFile = hostDir.resolve("routes.json");
            if (!Files.isRegularFile(routesFile)) {
                return List.of();
            }
            try {
                JsonNode array = JSON.readTree(routesFile.toFile());
                List<MirrorRoute> routes = new ArrayList<>();
                array.forEach(node -> routes.add(MirrorRoute.fromJson(node)));
                return List.copyOf(routes);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + routesFile, e);
            }
        });
    }

    /** Whether the route may answer one more request, counting this one; always for an unlimited route. */
    private boolean takeUse(MirrorRoute route) {
        if (route.times() <= 0) {
            return true;
        }
        synchronized (limitedRouteUses) {
            long used = limitedRouteUses.getOrDefault(route, 0L);
            if (used >= route.times()) {
                return false;
            }
            limitedRouteUses.put(route, used + 1);
            return true;
        }
    }

    private void serveRoute(HttpExchange exchange, Path hostDir, MirrorRoute route) throws IOException {
        if (route.delayMillis() > 0) {
            try {
                Thread.sleep(route.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        byte[] body;
        if (route.file() != null) {
            Path file = hostDir.resolve(route.file()).normalize();
            if (!file.startsWith(hostDir)) {
                throw new IOException("route file escapes its host folder: " + route.file());
            }
            body = Files.readAllBytes(file);
        } else {
            body = route.body() == null ? new byte[0] : route.body().getBytes(StandardCharsets.UTF_8);
        }
        Map<String, String> headers = new TreeMap<>(route.headers());
        if (route.file() != null && headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Type"))) {
            headers.put("Content-Type", contentType(hostDir.resolve(route.file())));
        }
        respond(exchange, route.status(), headers, body);
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".json")) {
            return "application/json; charset=utf-8";
        }
        if (name.endsWith(".html") || name.endsWith(".htm")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "application/javascript";
        }
        return "application/octet-stream";
    }
}
