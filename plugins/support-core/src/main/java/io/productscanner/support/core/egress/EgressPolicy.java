package io.productscanner.support.core.egress;

import io.productscanner.spi.PluginContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the scanners may connect: anywhere public, nowhere internal. An address is refused when it is loopback,
 * private (RFC 1918, IPv6 unique-local), link-local, cloud metadata, shared (CGNAT), unspecified, multicast or
 * reserved, also when written as an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6 address; cloud metadata host
 * names are refused before they are resolved. The decision is taken on the address a connection really goes to,
 * after DNS, so a name resolving (or re-resolving) to 127.0.0.1 is refused like the literal.
 * <p>
 * The one exception is the configured site mirror ({@code SCANNER_SITE_MIRROR}): exactly its host's addresses on its
 * port stay reachable, and nothing else internal. The exception is logged once per process.
 */
public final class EgressPolicy {
    /** The rule of a redirect from https to http, refused whatever the address. */
    public static final String HTTPS_DOWNGRADE = "https_downgrade";

    private static final System.Logger LOG = System.getLogger(EgressPolicy.class.getName());
    private static final Set<String> LOGGED_EXCEPTIONS = ConcurrentHashMap.newKeySet();
    // the instance metadata services' names (GCP, AWS); their addresses are refused by the address rules as well
    private static final Set<String> METADATA_NAMES = Set.of(
            "metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal");

    private final String exceptionHost;
    private final int exceptionPort;

    private EgressPolicy(String exceptionHost, int exceptionPort) {
        this.exceptionHost = exceptionHost;
        this.exceptionPort = exceptionPort;
    }

    /** The policy of a plugin: the context's site mirror, when set, is the exception. */
    public static EgressPolicy forContext(PluginContext context) {
        return forSiteMirror(context.siteMirror());
    }

    /**
     * No internal destination, except {@code mirror}'s host and port when given.
     *
     * @throws IllegalArgumentException when the mirror is not an http(s) URL with a host
     */
    public static EgressPolicy forSiteMirror(Optional<URI> mirror) {
        if (mirror.isEmpty()) {
            return new EgressPolicy(null, -1);
        }
        URI url = mirror.get();
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException(
                    "SCANNER_SITE_MIRROR must be an http:// or https:// URL, was '" + url + "'");
        }
        String host = bare(url.getHost()).toLowerCase(Locale.ROOT);
        int port = url.getPort() >= 0 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        if (LOGGED_EXCEPTIONS.add(host + ":" + port)) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "event=egress.exception site_mirror=" + url + " allows=" + host + ":" + port
                            + " (the only internal destination the scanners may reach)");
        }
        return new EgressPolicy(host, port);
    }

    /** The exception's {@code host:port}, when there is one. */
    public Optional<String> exception() {
        return exceptionHost == null ? Optional.empty() : Optional.of(exceptionHost + ":" + exceptionPort);
    }

    /**
     * The refusal of a connection to {@code address} on {@code port}, asked for as {@code host}, or empty when it
     * is allowed. Every refusal is logged ({@code event=egress.blocked host=... address=... port=... rule=...}).
     */
    public Optional<EgressRefusal> check(String host, InetAddress address, int port) {
        Optional<EgressRefusal> byName = checkName(host, port);
        if (byName.isPresent()) {
            return byName;
        }
        Optional<String> rule = internalRule(address);
        if (rule.isEmpty() || isException(address, port)) {
            return Optional.empty();
        }
        return Optional.of(logged(new EgressRefusal(bare(host), address.getHostAddress(), port, rule.get())));
    }

    /** The refusal of a host name before resolving it (cloud metadata names), or empty. */
    public Optional<EgressRefusal> checkName(String host, int port) {
        String name = bare(host).toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (!METADATA_NAMES.contains(name) || name.equals(exceptionHost) && port == exceptionPort) {
            return Optional.empty();
        }
        return Optional.of(logged(new EgressRefusal(bare(host), null, port, "metadata")));
    }

    /** Logs and returns a refusal decided elsewhere (an https downgrade). */
    public EgressRefusal refuse(EgressRefusal refusal) {
        return logged(refusal);
    }

    /**
     * Resolves {@code host} and connects to the first of its addresses the policy allows, so the address checked
     * is the address connected to (no second lookup that DNS rebinding could answer differently).
     *
     * @throws EgressRefusedException when the name or every address it resolves to is refused
     * @throws IOException            when the name does not resolve or no allowed address accepts the connection
     */
    public Socket connect(String host, int port, int timeoutMillis) throws IOException {
        Optional<EgressRefusal> byName = checkName(host, port);
        if (byName.isPresent()) {
            throw new EgressRefusedException(byName.get());
        }
        EgressRefusal refused = null;
        IOException failed = null;
        for (InetAddress address : InetAddress.getAllByName(bare(host))) {
            Optional<EgressRefusal> refusal = check(host, address, port);
            if (refusal.isPresent()) {
                refused = refused == null ? refusal.get() : refused;
                continue;
            }
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), timeoutMillis);
                return socket;
            } catch (IOException e) {
                socket.close();
                failed = e;
            }
        }
        if (failed != null) {
            throw failed;
        }
        throw new EgressRefusedException(refused);
    }

    /**
     * Why {@code address} is internal ({@code loopback}, {@code private}, {@code link_local}, {@code metadata},
     * {@code cgnat}, {@code unspecified}, {@code multicast}, {@code reserved}), or empty for a public address. IPv6
     * forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that address.
     */
    public static Optional<String> internalRule(InetAddress address) {
        byte[] bytes = address.getAddress();
        return Optional.ofNullable(bytes.length == 4 ? ipv4Rule(bytes) : ipv6Rule(bytes));
    }

    private boolean isException(InetAddress address, int port) {
        if (exceptionHost == null || port != exceptionPort) {
            return false;
        }
        try {
            return Arrays.asList(InetAddress.getAllByName(exceptionHost)).contains(address);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static EgressRefusal logged(EgressRefusal refusal) {
        LOG.log(System.Logger.Level.WARNING, "event=egress.blocked " + refusal.logFields());
        return refusal;
    }

    private static String ipv4Rule(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        int third = b[2] & 0xff;
        int fourth = b[3] & 0xff;
        if (first == 169 && second == 254 && third == 169 && fourth == 254
                || first == 100 && second == 100 && third == 100 && fourth == 200) {
            return "metadata"; // AWS, GCP, Azure, Oracle; Alibaba
        }
        if (first == 0) {
            return "unspecified";
        }
        if (first == 127) {
            return "loopback";
        }
        if (first == 169 && second == 254) {
            return "link_local";
        }
        if (first == 10 || first == 172 && (second & 0xf0) == 16 || first == 192 && second == 168) {
            return "private";
        }
        if (first == 100 && (second & 0xc0) == 64) {
            return "cgnat";
        }
        if (first >= 224 && first <= 239) {
            return "multicast";
        }
        if (first >= 240
                || first == 192 && second == 0 && (third == 0 || third == 2)
                || first == 198 && (second == 18 || second == 19)
                || first == 198 && second == 51 && third == 100
                || first == 203 && second == 0 && third == 113) {
            return "reserved"; // future use and broadcast, IETF protocols, benchmarking, documentation
        }
        return null;
    }

    private static String ipv6Rule(byte[] b) {
        byte[] embedded = embeddedIpv4(b);
        if (embedded != null) {
            return ipv4Rule(embedded);
        }
        boolean allZeroButLast = true;
        for (int i = 0; i < 15; i++) {
            allZeroButLast &= b[i] == 0;
        }
        if (allZeroButLast && b[15] == 0) {
            return "unspecified";
        }
        if (allZeroButLast && b[15] == 1) {
            return "loopback";
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0xfd && second == 0x00 && b[2] == 0x0e && (b[3] & 0xff) == 0xc2 && isAwsMetadataTail(b)) {
            return "metadata"; // fd00:ec2::254
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return "link_local";
        }
        if ((first & 0xfe) == 0xfc || first == 0xfe && (second & 0xc0) == 0xc0) {
            return "private"; // unique-local fc00::/7, deprecated site-local fec0::/10
        }
        if (first == 0xff) {
            return "multicast";
        }
        if (first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8
                || first == 0x01
                        && second == 0x00
                        && b[2] == 0
                        && b[3] == 0
                        && b[4] == 0
                        && b[5] == 0
                        && b[6] == 0
                        && b[7] == 0) {
            return "reserved"; // documentation 2001:db8::/32, discard 100::/64
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
    private static byte[] embeddedIpv4(byte[] b) {
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= b[i] == 0;
        }
        boolean mapped = firstTenZero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = firstTenZero
                && b[10] == 0
                && b[11] == 0
                && (b[12] != 0 || b[13] != 0 || b[14] != 0 || (b[15] & 0xfe) != 0);
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        if (mapped || compatible || nat64) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return Arrays.copyOfRange(b, 2, 6);
        }
        return null;
    }

    private static boolean isAwsMetadataTail(byte[] b) {
        for (int i = 4; i < 14; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[14] == 0x02 && b[15] == 0x54;
    }

    /** {@code [::1]} → {@code ::1}; names and IPv4 literals unchanged. */
    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
