package io.productscanner.runtime.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy to a server that can stop forwarding, as a hung server or a dropped network looks from the
 * client: connections stay open, nothing comes back. Bytes read while stalled are held and forwarded on
 * {@link #resume()}; new connections are accepted and stall too. It can also move to another server
 * ({@link #switchTo}), as a failover looks to a client whose address now leads to a new primary. Its threads are
 * named {@code stalling-proxy}.
 */
public final class StallingProxy implements AutoCloseable {
    public static final String THREAD_NAME = "stalling-proxy";

    private final ServerSocket listener;
    private volatile String targetHost;
    private volatile int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Object gate = new Object();
    private volatile boolean stalled;
    private volatile boolean closed;

    private StallingProxy(ServerSocket listener, String targetHost, int targetPort) {
        this.listener = listener;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** Listens on a free loopback port and forwards to {@code host:port}. */
    public static StallingProxy start(String host, int port) throws IOException {
        StallingProxy proxy = new StallingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), host, port);
        Thread.ofPlatform().name(THREAD_NAME + "-accept").daemon().start(proxy::acceptLoop);
        return proxy;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Stops forwarding in both directions, on open and new connections. */
    public void stall() {
        stalled = true;
    }

    public void resume() {
        synchronized (gate) {
            stalled = false;
            gate.notifyAll();
        }
    }

    /** Drops every open connection and forwards the new ones to {@code host:port}. */
    public void switchTo(String host, int port) {
        targetHost = host;
        targetPort = port;
        sockets.forEach(this::closeQuietly);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                accepted.incrementAndGet();
                Socket server;
                try {
                    server = new Socket(targetHost, targetPort);
                } catch (IOException unreachable) {
                    // nothing listens there: the client's connection closes, as a refused one would
                    client.close();
                    continue;
                }
                sockets.add(client);
                sockets.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("stalling-proxy: " + e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread.ofPlatform().name(THREAD_NAME + "-pump").daemon().start(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    awaitFlowing();
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side closed or reset: the other is closed below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    private void awaitFlowing() throws InterruptedException {
        synchronized (gate) {
            while (stalled && !closed) {
                gate.wait();
            }
        }
    }

    private void closeQuietly(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        resume();
        listener.close();
        sockets.forEach(this::closeQuietly);
    }
}
