package io.productscanner.support.http.internal;

import io.productscanner.support.core.egress.EgressPolicy;
import io.productscanner.support.core.egress.EgressRefusal;
import io.productscanner.support.core.egress.EgressRefusedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Optional;
import javax.net.SocketFactory;

/**
 * Sockets that ask the {@link EgressPolicy} before they connect: OkHttp resolves a name, then connects a socket of
 * this factory to each address in turn, so every connection (first request, redirect, retry, other route) is judged
 * on the address it really goes to, IP literals included.
 */
public final class GuardedSocketFactory extends SocketFactory {
    private final EgressPolicy policy;

    public GuardedSocketFactory(EgressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Socket createSocket() {
        return new GuardedSocket(policy);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localAddress, localPort));
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return connected(new InetSocketAddress(address, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private Socket connected(InetSocketAddress target, InetSocketAddress... local) throws IOException {
        Socket socket = createSocket();
        try {
            if (local.length > 0) {
                socket.bind(local[0]);
            }
            socket.connect(target);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static final class GuardedSocket extends Socket {
        private final EgressPolicy policy;

        GuardedSocket(EgressPolicy policy) {
            this.policy = policy;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress target) || target.getAddress() == null) {
                throw new IOException("refused to connect to an unresolved address: " + endpoint);
            }
            Optional<EgressRefusal> refusal =
                    policy.check(target.getHostString(), target.getAddress(), target.getPort());
            if (refusal.isPresent()) {
                throw new EgressRefusedException(refusal.get());
            }
            super.connect(endpoint, timeout);
        }
    }
}
