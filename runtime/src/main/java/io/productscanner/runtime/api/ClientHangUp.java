package io.productscanner.runtime.api;

import io.helidon.common.socket.HelidonSocket;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.util.concurrent.CompletableFuture;

/**
 * Tells a handler that waits long (the extract endpoints) that its client has hung up. Helidon has no callback for
 * it and reads nothing from a connection while its handler runs, so a watcher thread reads from the connection's
 * socket meanwhile: the end of the stream, or an error, means the client is gone. As the watcher consumes whatever
 * else the client sends (a pipelined request), a watched connection is closed once answered (the answer says
 * {@code Connection: close}), which also ends the watcher. The connection is found through Helidon's HTTP/1
 * receive listener, which is told of each request's connection on the thread that then runs its handler; a
 * request on any other protocol is not watched, and its wait runs to its timeout.
 */
final class ClientHangUp implements Http1ConnectionListener {
    private static final ThreadLocal<ConnectionContext> CONNECTION = new ThreadLocal<>();

    @Override
    public void prologue(ConnectionContext connection, HttpPrologue prologue) {
        CONNECTION.set(connection);
    }

    /**
     * Starts watching the connection {@code req} came on; the future completes when its client has gone (never,
     * for a connection that cannot be watched).
     */
    static CompletableFuture<Void> watch(ServerRequest req, ServerResponse res) {
        CompletableFuture<Void> gone = new CompletableFuture<>();
        ConnectionContext connection = CONNECTION.get();
        if (connection == null || !connection.childSocketId().equals(req.socketId())) {
            return gone;
        }
        HelidonSocket socket = connection.serverSocket();
        res.header(HeaderValues.CONNECTION_CLOSE);
        // an error answer replaces the headers: closing the socket once answered still ends the watcher
        res.whenSent(() -> {
            if (!gone.isDone()) {
                socket.close();
            }
        });
        Thread.ofVirtual().name("client-hang-up-" + req.socketId()).start(() -> {
            try {
                // null at the end of the stream; bytes sent meanwhile (a pipelined request) are dropped, as the
                // connection closes after this answer and the client must send them again
                while (socket.get() != null) {
                    continue;
                }
            } catch (RuntimeException e) {
                // reset or closed: the client is gone (or the connection was closed after the answer)
            }
            gone.complete(null);
        });
        return gone;
    }
}
