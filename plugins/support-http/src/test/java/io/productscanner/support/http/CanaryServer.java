package io.productscanner.support.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands for an internal service (Redis, the API, a metadata endpoint) on a loopback port: counts every connection
 * it accepts, so a test can show that nothing ever reached it, and answers anything with 200 "canary".
 */
final class CanaryServer implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();

    private CanaryServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    static CanaryServer start() throws IOException {
        return new CanaryServer();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Connections accepted so far, whether or not a request followed. */
    int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> answer(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void answer(Socket connection) {
        try (connection) {
            InputStream in = connection.getInputStream();
            byte[] buffer = new byte[4096];
            in.read(buffer);
            connection.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\n"
                    + "canary").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException gone) {
            // the client left
        }
    }
}
