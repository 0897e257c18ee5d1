package io.productscanner.support.http;

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
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP/1.1 server that answers with scripted replies, in order, and records every request as it
 * arrived: enough to watch what an OkHttp client really sends, without mocking it. One request per connection.
 */
final class ScriptedServer implements AutoCloseable {
    /** What the server answers; {@code drop} closes the connection without answering. */
    record Reply(int status, Map<String, String> headers, String body, Duration delay, boolean drop) {
        static Reply of(int status, String body) {
            return new Reply(status, Map.of(), body, Duration.ZERO, false);
        }

        static Reply dropConnection() {
            return new Reply(0, Map.of(), "", Duration.ZERO, true);
        }

        Reply withHeader(String name, String value) {
            Map<String, String> more = new TreeMap<>(headers);
            more.put(name, value);
            return new Reply(status, more, body, delay, drop);
        }

        Reply after(Duration wait) {
            return new Reply(status, headers, body, wait, drop);
        }
    }

    /**
     * A request as received.
     *
     * @param target       path and query, as sent on the request line
     * @param headers      header values by lower-case name
     * @param arrivedNanos {@link System#nanoTime()} when its request line was read
     */
    record RecordedRequest(String method, String target, Map<String, String> headers, String body,
                           long arrivedNanos) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final ServerSocket socket;
    private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    private ScriptedServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    static ScriptedServer start() throws IOException {
        return new ScriptedServer();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    ScriptedServer enqueue(Reply... scripted) {
        replies.addAll(List.of(scripted));
        return this;
    }

    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                Thread.ofVirtual().start(() -> serve(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            InputStream in = new BufferedInputStream(connection.getInputStream());
            String requestLine = readLine(in);
            long arrived = System.nanoTime();
            Map<String, String> headers = new TreeMap<>();
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            String[] parts = requestLine.split(" ");
            requests.add(new RecordedRequest(parts[0], parts[1], headers, body, arrived));

            Reply reply = replies.poll();
            if (reply == null) {
                reply = Reply.of(599, "no reply scripted for " + requestLine);
            }
            Thread.sleep(reply.delay());
            if (!reply.drop()) {
                write(connection.getOutputStream(), reply);
            }
        } catch (IOException | InterruptedException gone) {
            // the client gave up (e.g. its timeout), which some tests provoke on purpose
        }
    }

    private static void write(OutputStream out, Reply reply) throws IOException {
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 " + reply.status() + " Scripted\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("Connection: close\r\n");
        reply.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        out.write(body);
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-request");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
