package io.productscanner.runtime.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.json.Json;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook endpoint on a loopback port: a plain HTTP/1.1 server on a {@link ServerSocket} that records every
 * request and answers each with one fixed status. (The JDK's {@code com.sun.net.httpserver} is not readable
 * from the runtime module, whose tests run patched into it.)
 *
 * <p>A request is recorded before it is answered, and a webhook post waits for the answer, so once the code
 * under test returns, {@link #received()} holds every request it made.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One request as it arrived; header names in lower case. */
    public record Request(String method, String path, Map<String, String> headers, String body) {
        public JsonNode json() {
            return Json.read(body);
        }
    }

    private final ServerSocket server;
    private final int status;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    private WebhookReceiver(int status) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.status = status;
        Thread.ofVirtual().name("webhook-receiver").start(this::accept);
    }

    /** A receiver answering every request with {@code status}. */
    public static WebhookReceiver answering(int status) throws IOException {
        return new WebhookReceiver(status);
    }

    /** A URL on this receiver. */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    /** A loopback URL nothing listens on: the port was free a moment ago and is closed again. */
    public static URI closedPort(String path) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Every request so far, oldest first; fails when one could not be read as HTTP. */
    public List<Request> received() {
        if (!failures.isEmpty()) {
            throw new AssertionError("the receiver could not read a request", failures.getFirst());
        }
        return List.copyOf(requests);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException closed) {
                return;
            }
            Thread.ofVirtual().start(() -> serve(socket));
        }
    }

    /** One request per connection: the answer says {@code Connection: close}. */
    private void serve(Socket connection) {
        try (Socket socket = connection) {
            socket.setSoTimeout(10_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String[] requestLine = line(in).split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(
                        header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
            byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            requests.add(
                    new Request(requestLine[0], requestLine[1], headers, new String(body, StandardCharsets.UTF_8)));
            OutputStream out = socket.getOutputStream();
            // a 204 has no body, and HTTP forbids it even a Content-Length
            String noContent = "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n";
            out.write((status == 204
                            ? noContent
                            : "HTTP/1.1 " + status + " " + (status / 100 == 2 ? "OK" : "Failed")
                                    + "\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException | RuntimeException e) {
            failures.add(e);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed in the middle of the request head");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.US_ASCII);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
