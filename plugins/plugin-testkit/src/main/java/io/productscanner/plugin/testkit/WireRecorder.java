package io.productscanner.plugin.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A loopback HTTP/1.1 server standing in for the site mirror ({@code SCANNER_SITE_MIRROR}) that keeps every request
 * as it arrived on the wire (headers, body, time), so a test can see what the plugin's real OkHttp client sent.
 * The site mirror counts requests but does not keep them.
 */
public final class WireRecorder implements AutoCloseable {
    /** One request: the mirrored target ({@code /{host}{path}}), headers by lower-case name, body, arrival time. */
    public record Request(String method, String target, Map<String, String> headers, String body, long arrivedNanos) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** What to answer, with {@code headers} besides the content type and length. */
    public record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
        public Answer(int status, String contentType, byte[] body) {
            this(status, contentType, body, Map.of());
        }
    }

    private final ServerSocket server;
    private final Function<Request, Answer> answers;
    private final List<Request> requests = new ArrayList<>();
    private final Thread acceptor;

    private WireRecorder(Function<Request, Answer> answers) throws IOException {
        this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        this.answers = answers;
        this.acceptor = Thread.ofVirtual().start(this::accept);
    }

    public static WireRecorder start(Function<Request, Answer> answers) throws IOException {
        return new WireRecorder(answers);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            String requestLine = line(in);
            long arrived = System.nanoTime();
            Map<String, String> headers = new TreeMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).strip());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            String[] parts = requestLine.split(" ");
            Request request = new Request(parts[0], parts[1], Map.copyOf(headers), body, arrived);
            synchronized (requests) {
                requests.add(request);
            }
            Answer answer = answers.apply(request);
            StringBuilder head = new StringBuilder("HTTP/1.1 " + answer.status() + " Recorded\r\nContent-Type: "
                    + answer.contentType() + "\r\nContent-Length: " + answer.body().length + "\r\n");
            answer.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            out.write(head.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(answer.body());
            out.flush();
        } catch (IOException | RuntimeException e) {
            // the client gave up; the test sees the missing answer
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }
}
