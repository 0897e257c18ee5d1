package io.productscanner.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A web site on another loopback port, the stand-in for any page an operator may have open beside the console: it
 * serves the HTML pages a test puts on it, reachable as {@code http://127.0.0.1:port} and {@code http://localhost:port}
 * (two origins, and two sites, for the browser).
 */
final class OtherOrigin implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, String> pages = new ConcurrentHashMap<>();

    OtherOrigin() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String page = pages.get(exchange.getRequestURI().getPath());
            byte[] body =
                    (page == null ? "<!doctype html><title>blank</title>" : page).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Puts {@code html} at {@code path} and returns its address under {@code origin} (one of this site's). */
    String put(String origin, String path, String html) {
        pages.put(path, html);
        return origin + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
