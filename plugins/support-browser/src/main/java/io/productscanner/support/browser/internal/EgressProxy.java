package io.productscanner.support.browser.internal;

import io.productscanner.support.core.egress.EgressPolicy;
import io.productscanner.support.core.egress.EgressRefusal;
import io.productscanner.support.core.egress.EgressRefusedException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The only way out of the browser: a forward HTTP proxy on a loopback port that Chromium is launched with
 * ({@code --proxy-server}, loopback included). Every connection the browser makes (documents and the redirects it
 * follows itself, subresources, XHR and fetch, WebSockets, preconnects, requests of workers, and the site mirror
 * requests of the routing) arrives here as {@code CONNECT host:port} or as an absolute {@code http://} request; the
 * host is resolved and connected to through the {@link EgressPolicy}, so the address checked is the address used.
 * A refused destination gets {@code 403} and is reported to the pool.
 * <p>
 * Plain http requests are relayed one per connection ({@code Connection: close} both ways), which keeps this a
 * relay of bytes rather than an HTTP implementation; https is an opaque tunnel.
 */
public final class EgressProxy implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EgressProxy.class.getName());
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int HEAD_TIMEOUT_MS = 30_000;
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    // replaced by "Connection: close"; nothing of the proxy's own is passed on
    private static final Set<String> HOP_BY_HOP =
            Set.of("connection", "proxy-connection", "keep-alive", "proxy-authorization", "upgrade");

    private final EgressPolicy policy;
    private final String platform;
    private final Consumer<EgressRefusal> onRefused;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private EgressProxy(EgressPolicy policy, String platform, Consumer<EgressRefusal> onRefused) throws IOException {
        this.policy = policy;
        this.platform = platform;
        this.onRefused = onRefused;
        this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("egress-proxy-" + platform).start(this::acceptLoop);
    }

    /** Listens on a free loopback port; {@code onRefused} hears of every refused destination. */
    public static EgressProxy start(EgressPolicy policy, String platform, Consumer<EgressRefusal> onRefused)
            throws IOException {
        return new EgressProxy(policy, platform, onRefused);
    }

    /** The proxy server to give Chromium, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    @Override
    public void close() {
        closeQuietly(server);
        open.forEach(EgressProxy::closeQuietly);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        Socket upstream = null;
        try {
            client.setSoTimeout(HEAD_TIMEOUT_MS);
            InputStream in = new BufferedInputStream(client.getInputStream());
            List<String> head = readHead(in);
            if (head.isEmpty()) {
                return;
            }
            String[] requestLine = head.getFirst().split(" ");
            if (requestLine.length != 3) {
                answer(client, 400, "malformed request line");
                return;
            }
            boolean tunnel = requestLine[0].equals("CONNECT");
            Target target = tunnel ? Target.ofAuthority(requestLine[1]) : Target.ofAbsoluteUrl(requestLine[1]);
            if (target == null) {
                answer(client, 400, "not a proxy request: " + requestLine[1]);
                return;
            }
            try {
                upstream = policy.connect(target.host, target.port, CONNECT_TIMEOUT_MS);
            } catch (EgressRefusedException refused) {
                onRefused.accept(refused.refusal());
                answer(client, 403, refused.getMessage());
                return;
            } catch (IOException unreachable) {
                answer(client, 502, "cannot reach " + target.host + ":" + target.port + ": " + unreachable);
                return;
            }
            open.add(upstream);
            client.setSoTimeout(0);
            OutputStream toClient = client.getOutputStream();
            if (tunnel) {
                toClient.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                toClient.flush();
                relay(in, client, upstream, null);
            } else {
                upstream.getOutputStream().write(originRequest(requestLine, target, head));
                relay(in, client, upstream, this::closingResponseHead);
            }
        } catch (SocketTimeoutException | RuntimeException e) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "event=egress.proxy_failed platform=" + platform + " error=\"" + e + "\"");
        } catch (IOException gone) {
            // either side hung up: the relay is over
        } finally {
            closeQuietly(client);
            open.remove(client);
            if (upstream != null) {
                closeQuietly(upstream);
                open.remove(upstream);
            }
        }
    }

    /**
     * Copies the client's bytes up in a second thread and the upstream's bytes down in this one, the response head
     * rewritten first when {@code responseHead} is given; ends when the upstream is done.
     */
    private static void relay(InputStream fromClient, Socket client, Socket upstream, HeadRewrite responseHead)
            throws IOException {
        Thread.ofVirtual().start(() -> {
            try {
                fromClient.transferTo(upstream.getOutputStream());
                upstream.shutdownOutput();
            } catch (IOException gone) {
                // the other direction notices
            }
        });
        InputStream fromUpstream = new BufferedInputStream(upstream.getInputStream());
        OutputStream toClient = client.getOutputStream();
        if (responseHead != null) {
            List<String> head = readHead(fromUpstream);
            if (head.isEmpty()) {
                return;
            }
            toClient.write(responseHead.rewrite(head));
        }
        fromUpstream.transferTo(toClient);
        toClient.flush();
    }

    @FunctionalInterface
    private interface HeadRewrite {
        byte[] rewrite(List<String> head);
    }

    /** The response head with the connection closing after it, so the client never sends a second request here. */
    private byte[] closingResponseHead(List<String> head) {
        return withHead(head.getFirst(), head);
    }

    /** {@code GET http://host/path HTTP/1.1} as the origin expects it: {@code GET /path HTTP/1.1}, one request. */
    private static byte[] originRequest(String[] requestLine, Target target, List<String> head) {
        return withHead(requestLine[0] + " " + target.pathAndQuery + " " + requestLine[2], head);
    }

    private static byte[] withHead(String firstLine, List<String> head) {
        StringBuilder out = new StringBuilder(firstLine).append("\r\n");
        for (String line : head.subList(1, head.size())) {
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name)) {
                out.append(line).append("\r\n");
            }
        }
        return out.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void answer(Socket client, int status, String reason) throws IOException {
        byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        String head =
                "HTTP/1.1 " + status + (status == 403 ? " Forbidden" : status == 502 ? " Bad Gateway" : " Bad Request")
                        + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n";
        OutputStream out = client.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** The lines of a head up to the blank line, without line ends; empty when the stream ended first. */
    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int total = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (++total > MAX_HEAD_BYTES) {
                throw new IOException("head longer than " + MAX_HEAD_BYTES + " bytes");
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                line.reset();
                text = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
            } else {
                line.write(b);
            }
        }
        return List.of();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already gone
        }
    }

    /** Where a proxy request goes. */
    private record Target(String host, int port, String pathAndQuery) {
        /** {@code host:port} or {@code [v6]:port} of a CONNECT; null when malformed. */
        static Target ofAuthority(String authority) {
            int colon = authority.lastIndexOf(':');
            if (colon <= 0 || authority.endsWith("]")) {
                return null;
            }
            try {
                int port = Integer.parseInt(authority.substring(colon + 1));
                String host = authority.substring(0, colon);
                return port > 0 && port < 65536 && !host.isEmpty() ? new Target(host, port, null) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        /** An absolute {@code http://} URL of a plain proxy request; null otherwise. */
        static Target ofAbsoluteUrl(String url) {
            try {
                URI uri = new URI(url);
                if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                    return null;
                }
                String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
                String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
                return new Target(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort(), path + query);
            } catch (URISyntaxException e) {
                return null;
            }
        }
    }
}
