package io.productscanner.support.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * A loopback HTTP/1.1 server answering every request with an oversized body, to show a client stops reading it:
 * an endless chunked body, a long {@code Content-Length} trickled slowly, or a small gzip body inflating far past
 * any limit. Counts the bytes it managed to write.
 */
final class BodyServer implements AutoCloseable {
    enum Kind { ENDLESS_CHUNKED, SLOW_DECLARED_LENGTH, GZIP_BOMB }

    private static final byte[] CHUNK = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket socket;
    private final Kind kind;
    private final AtomicLong written = new AtomicLong();

    private BodyServer(Kind kind) throws IOException {
        this.kind = kind;
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    static BodyServer start(Kind kind) throws IOException {
        return new BodyServer(kind);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    long bytesWritten() {
        return written.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                Thread.ofVirtual().start(() -> answer(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void answer(Socket connection) {
        try (connection) {
            readHead(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            switch (kind) {
                case ENDLESS_CHUNKED -> {
                    out.write(head("Transfer-Encoding: chunked"));
                    while (!socket.isClosed()) {
                        out.write((Integer.toHexString(CHUNK.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(CHUNK);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        written.addAndGet(CHUNK.length);
                    }
                }
                case SLOW_DECLARED_LENGTH -> {
                    out.write(head("Content-Length: " + 100L * 1024 * 1024));
                    for (int i = 0; i < 100 && !socket.isClosed(); i++) {
                        out.write(CHUNK, 0, 1024);
                        out.flush();
                        written.addAndGet(1024);
                        Thread.sleep(100);
                    }
                }
                case GZIP_BOMB -> {
                    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
                    try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
                        for (int i = 0; i < 50 * 16; i++) {
                            gzip.write(CHUNK); // 50 MiB of 'x'
                        }
                    }
                    out.write(head("Content-Encoding: gzip\r\nContent-Length: " + zipped.size()));
                    out.write(zipped.toByteArray());
                    written.addAndGet(zipped.size());
                }
            }
            out.flush();
        } catch (IOException | InterruptedException gone) {
            // the client stopped reading: what the tests expect
        }
    }

    private static byte[] head(String header) {
        return ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + header + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
            if (matched == 4) {
                return;
            }
        }
    }
}
