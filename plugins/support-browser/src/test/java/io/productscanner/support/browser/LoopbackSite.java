package io.productscanner.support.browser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP/1.1 server standing for a site reached directly (no mirror): answers fixed pages by path, counts
 * the requests for each path, and can stream a long body in chunks.
 */
final class LoopbackSite implements AutoCloseable {
    /**
     * An answer: status, extra header lines, body; {@code chunkedBytes} > 0 streams that many bytes instead, and
     * status 101 accepts a WebSocket and sends the body as one text message.
     */
    record Page(int status, String headers, String body, long chunkedBytes) {
        static Page html(String body) {
            return new Page(200, "Content-Type: text/html; charset=utf-8\r\n", body, 0);
        }

        static Page redirect(String location) {
            return new Page(302, "Location: " + location + "\r\n", "", 0);
        }

        static Page chunked(String contentType, long bytes) {
            return new Page(200, "Content-Type: " + contentType + "\r\n", "", bytes);
        }

        static Page webSocketSaying(String message) {
            return new Page(101, "", message, 0);
        }
    }

    private final ServerSocket socket;
    private final Map<String, Page> pages = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    private LoopbackSite() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    static LoopbackSite start() throws IOException {
        return new LoopbackSite();
    }

    LoopbackSite page(String path, Page page) {
        pages.put(path, page);
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    long requests(String path) {
        AtomicLong count = counts.get(path);
        return count == null ? 0 : count.get();
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
            InputStream in = connection.getInputStream();
            String requestLine = readLine(in);
            String webSocketKey = null;
            for (String header = readLine(in); !header.isEmpty(); header = readLine(in)) {
                if (header.toLowerCase(java.util.Locale.ROOT).startsWith("sec-websocket-key:")) {
                    webSocketKey = header.substring(header.indexOf(':') + 1).strip();
                }
            }
            String target = requestLine.split(" ")[1];
            String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
            counts.computeIfAbsent(path, p -> new AtomicLong()).incrementAndGet();
            Page page = pages.getOrDefault(path, new Page(404, "", "not found", 0));
            OutputStream out = connection.getOutputStream();
            if (page.status() == 101 && webSocketKey != null) {
                acceptWebSocket(out, webSocketKey, page.body());
            } else if (page.chunkedBytes() > 0) {
                out.write(("HTTP/1.1 200 OK\r\n" + page.headers() + "Access-Control-Allow-Origin: *\r\n"
                        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = "7".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
                for (long sent = 0; sent < page.chunkedBytes(); sent += chunk.length) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                byte[] body = page.body().getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 " + page.status() + " Site\r\n" + page.headers() + "Content-Length: "
                        + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
            }
            out.flush();
        } catch (IOException | RuntimeException gone) {
            // the browser left
        }
    }

    /** The RFC 6455 handshake, one unmasked text frame, and a close frame. */
    private static void acceptWebSocket(OutputStream out, String key, String message) throws IOException {
        String accept;
        try {
            accept = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        out.write(new byte[] {(byte) 0x81, (byte) text.length});
        out.write(text);
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
