package io.productscanner.support.browser;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands for an internal service (Redis, the API, a metadata endpoint) on a loopback port: counts every TCP
 * connection it accepts and every UDP datagram sent to the same port number, so a test can show that nothing a page
 * did ever reached it. Answers anything over TCP with 200 "canary".
 */
final class CanaryServer implements AutoCloseable {
    private final ServerSocket tcp;
    private final DatagramSocket udp;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger datagrams = new AtomicInteger();

    private CanaryServer() throws IOException {
        tcp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), tcp.getLocalPort()));
        Thread.ofVirtual().start(this::acceptLoop);
        Thread.ofVirtual().start(this::receiveLoop);
    }

    static CanaryServer start() throws IOException {
        return new CanaryServer();
    }

    int port() {
        return tcp.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    int datagrams() {
        return datagrams.get();
    }

    @Override
    public void close() throws IOException {
        tcp.close();
        udp.close();
    }

    private void acceptLoop() {
        while (!tcp.isClosed()) {
            try {
                Socket connection = tcp.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> answer(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void receiveLoop() {
        byte[] buffer = new byte[2048];
        while (!udp.isClosed()) {
            try {
                udp.receive(new DatagramPacket(buffer, buffer.length));
                datagrams.incrementAndGet();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void answer(Socket connection) {
        try (connection) {
            connection.getInputStream().read(new byte[4096]);
            connection
                    .getOutputStream()
                    .write(("HTTP/1.1 200 OK\r\nContent-Length: 6\r\nAccess-Control-Allow-Origin: *"
                                    + "\r\nConnection: close\r\n\r\ncanary")
                            .getBytes(StandardCharsets.US_ASCII));
        } catch (IOException gone) {
            // the client left
        }
    }
}
