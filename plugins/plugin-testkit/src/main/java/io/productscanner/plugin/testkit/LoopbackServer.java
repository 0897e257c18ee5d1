package io.productscanner.plugin.testkit;

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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A loopback HTTP/1.1 server for tests that watch a real client (OkHttp, Chromium) at work, without mocking it: it
 * keeps every request as it arrived on the wire and answers, in this order, the page set for the request's path,
 * the next reply enqueued, or what the {@code answers} it was started with say. One request per connection.
 */
public final class LoopbackServer implements AutoCloseable {
    /**
     * A request as received.
     *
     * @param method       the request method
     * @param target       path and query, as sent on the request line
     * @param headers      header values by lower-case name
     * @param body         the body, read as far as its {@code Content-Length}
     * @param arrivedNanos {@link System#nanoTime()} when its request line was read
     */
    public record Request(String method, String target, Map<String, String> headers, String body, long arrivedNanos) {
        /** The value of header {@code name} (any case), or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The target without its query. */
        public String path() {
            int query = target.indexOf('?');
            return query < 0 ? target : target.substring(0, query);
        }
    }

    /** Writes a reply's body itself, for bodies no byte array holds (endless, trickled, chunked). */
    @FunctionalInterface
    public interface BodyWriter {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    /**
     * What the server answers: {@code status} and {@code headers}, then {@code body} with its {@code Content-Length},
     * or, when {@code writer} is set, whatever it writes (no length); after {@code delay}. Status 101 accepts a
     * WebSocket and sends the body as one text message; {@code drop} closes the connection without answering.
     */
    public record Reply(
            int status, Map<String, String> headers, byte[] body, BodyWriter writer, Duration delay, boolean drop) {
        /** {@code status} with a text body and no content type. */
        public static Reply of(int status, String body) {
            return of(status, body.getBytes(StandardCharsets.UTF_8));
        }

        /** {@code status} with a body of {@code contentType}. */
        public static Reply of(int status, String contentType, byte[] body) {
            return of(status, body).withHeader("Content-Type", contentType);
        }

        /** {@code status} with a text body of {@code contentType}. */
        public static Reply of(int status, String contentType, String body) {
            return of(status, contentType, body.getBytes(StandardCharsets.UTF_8));
        }

        /** An HTML page. */
        public static Reply html(String body) {
            return of(200, "text/html; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
        }

        /** A 302 to {@code location}. */
        public static Reply redirect(String location) {
            return of(302, "").withHeader("Location", location);
        }

        /** {@code status} and its headers, then whatever {@code writer} writes. */
        public static Reply writtenBy(int status, BodyWriter writer) {
            return new Reply(status, Map.of(), new byte[0], writer, Duration.ZERO, false);
        }

        /** {@code bytes} of {@code contentType} streamed in 64 KiB chunks, readable by a page of any origin. */
        public static Reply chunked(String contentType, long bytes) {
            byte[] chunk = "7".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            return writtenBy(200, out -> {
                        for (long sent = 0; sent < bytes; sent += chunk.length) {
                            writeChunk(out, chunk);
                        }
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    })
                    .withHeader("Content-Type", contentType)
                    .withHeader("Access-Control-Allow-Origin", "*")
                    .withHeader("Transfer-Encoding", "chunked");
        }

        /** Accepts a WebSocket and sends {@code message} as one text frame, then a close frame. */
        public static Reply webSocketSaying(String message) {
            return of(101, message);
        }

        /** Closes the connection without answering. */
        public static Reply dropConnection() {
            return new Reply(0, Map.of(), new byte[0], null, Duration.ZERO, true);
        }

        private static Reply of(int status, byte[] body) {
            return new Reply(status, Map.of(), body, null, Duration.ZERO, false);
        }

        /** This reply with header {@code name} set to {@code value} besides. */
        public Reply withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Reply(status, more, body, writer, delay, drop);
        }

        /** This reply with {@code other} as its body. */
        public Reply withBody(byte[] other) {
            return new Reply(status, headers, other, writer, delay, drop);
        }

        /** This reply, sent after {@code wait}. */
        public Reply after(Duration wait) {
            return new Reply(status, headers, body, writer, wait, drop);
        }
    }

    private final ServerSocket socket;
    private final Function<Request, Reply> answers;
    private final Map<String, Reply> pages = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();

    private LoopbackServer(Function<Request, Reply> answers) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.answers = answers;
        Thread.ofVirtual().start(this::acceptLoop);
    }

    /** A server answering only the pages set and the replies enqueued; 404 to anything else. */
    public static LoopbackServer start() throws IOException {
        return start(request -> Reply.of(404, "nothing set for " + request.method() + " " + request.target()));
    }

    /** A server asking {@code answers} for every request no page or enqueued reply answers. */
    public static LoopbackServer start(Function<Request, Reply> answers) throws IOException {
        return new LoopbackServer(answers);
    }

    /** Answers every request for {@code path} (its query aside) with {@code page}. */
    public LoopbackServer page(String path, Reply page) {
        pages.put(path, page);
        return this;
    }

    /** Answers the next requests with {@code scripted}, in order, one each. */
    public LoopbackServer enqueue(Reply... scripted) {
        replies.addAll(List.of(scripted));
        return this;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    /** The URL of {@code path} on this server. */
    public String url(String path) {
        return url() + path;
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Every request so far, in the order they arrived. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** How many requests for {@code path} (their query aside) arrived so far. */
    public long requests(String path) {
        return requests.stream().filter(request -> request.path().equals(path)).count();
    }

    /** Connections accepted so far, whether or not a request followed. */
    public int connections() {
        return connections.get();
    }

    /** Stops accepting and closes the connections still open, ending any body still being written. */
    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket connection : open) {
            connection.close();
        }
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                connections.incrementAndGet();
                open.add(connection);
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
                headers.put(
                        line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            String[] parts = requestLine.split(" ");
            Request request = new Request(parts[0], parts[1], Map.copyOf(headers), body, arrived);
            requests.add(request);

            Reply reply = replyTo(request);
            Thread.sleep(reply.delay());
            if (!reply.drop()) {
                write(connection.getOutputStream(), request, reply);
            }
        } catch (IOException | InterruptedException | RuntimeException gone) {
            // the client gave up (its timeout, a body limit), which some tests provoke on purpose
        } finally {
            open.remove(connection);
        }
    }

    private Reply replyTo(Request request) {
        Reply page = pages.get(request.path());
        if (page != null) {
            return page;
        }
        Reply scripted = replies.poll();
        return scripted != null ? scripted : answers.apply(request);
    }

    private static void write(OutputStream out, Request request, Reply reply) throws IOException, InterruptedException {
        String webSocketKey = request.header("Sec-WebSocket-Key");
        if (reply.status() == 101 && webSocketKey != null) {
            acceptWebSocket(out, webSocketKey, reply.body());
            return;
        }
        StringBuilder head = new StringBuilder("HTTP/1.1 " + reply.status() + " Loopback\r\n");
        reply.headers()
                .forEach((name, value) ->
                        head.append(name).append(": ").append(value).append("\r\n"));
        if (reply.writer() == null) {
            head.append("Content-Length: ").append(reply.body().length).append("\r\n");
        }
        out.write(head.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8));
        if (reply.writer() == null) {
            out.write(reply.body());
        } else {
            reply.writer().write(out);
        }
        out.flush();
    }

    /** Writes {@code data} as one chunk of a chunked body. */
    public static void writeChunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** The RFC 6455 handshake, one unmasked text frame, and a close frame. */
    private static void acceptWebSocket(OutputStream out, String key, byte[] message) throws IOException {
        String accept;
        try {
            accept = Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-1")
                            .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                                    .getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[] {(byte) 0x81, (byte) message.length});
        out.write(message);
        out.write(new byte[] {(byte) 0x88, 0});
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
