package io.productscanner.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A loopback HTTP server that answers 200 to every POST and keeps what it got: a stand-in for Slack and Discord. */
final class WebhookSink implements AutoCloseable {
    record Delivery(String path, String body) {}

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    WebhookSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            deliveries.add(new Delivery(
                    exchange.getRequestURI().getPath(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The first delivery matching {@code wanted}, waiting up to {@code timeout}. */
    Delivery await(Predicate<Delivery> wanted, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Delivery delivery : deliveries) {
                if (wanted.test(delivery)) {
                    return delivery;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + what + " within " + timeout + "; got: " + deliveries);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
