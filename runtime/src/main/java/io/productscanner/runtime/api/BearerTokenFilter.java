package io.productscanner.runtime.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.productscanner.runtime.logging.LogEvent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Lets a request through only with {@code Authorization: Bearer <API_TOKEN>}. Everything is guarded except
 * health and metrics, which probes and scrapers reach without credentials; guarding by exception rather than
 * by listing {@code /api/v2} means a route added later is never open by accident.
 */
final class BearerTokenFilter implements Filter {
    private static final System.Logger LOG = System.getLogger(BearerTokenFilter.class.getName());
    private static final List<String> OPEN_PATHS = List.of("/observe/health", "/observe/metrics");
    private static final String SCHEME = "Bearer ";

    private final byte[] expected;

    BearerTokenFilter(String token) {
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        if (isOpen(path)) {
            chain.proceed();
            return;
        }
        Optional<String> presented = bearerToken(req.headers().first(HeaderNames.AUTHORIZATION));
        if (presented.isEmpty()) {
            refuse(req, res, "missing", "Bearer", "this API needs the header Authorization: Bearer <API_TOKEN>");
        } else if (!matches(presented.get())) {
            refuse(req, res, "invalid", "Bearer error=\"invalid_token\"", "the bearer token is not valid");
        } else {
            chain.proceed();
        }
    }

    /**
     * Health and metrics and what lies under them. The path is decoded but, for escaped dots, not normalized,
     * so {@code /observe/health/%2e%2e/...} would look open: any dot segment makes a path guarded.
     */
    private static boolean isOpen(String path) {
        if (Arrays.stream(path.split("/")).anyMatch(segment -> segment.equals(".") || segment.equals(".."))) {
            return false;
        }
        return OPEN_PATHS.stream().anyMatch(open -> path.equals(open) || path.startsWith(open + "/"));
    }

    /** The credentials of a {@code Bearer} authorization; the scheme name is case-insensitive (RFC 7235). */
    private static Optional<String> bearerToken(Optional<String> authorization) {
        return authorization
                .filter(value -> value.regionMatches(true, 0, SCHEME, 0, SCHEME.length()))
                .map(value -> value.substring(SCHEME.length()).trim())
                .filter(token -> !token.isEmpty());
    }

    /** Constant time: how long this takes says nothing about how much of the token was right, nor its length. */
    private boolean matches(String presented) {
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected);
    }

    private static void refuse(RoutingRequest req, RoutingResponse res, String reason, String challenge,
                               String message) {
        LogEvent.info(LOG, "api.unauthorized", "reason", reason, "method", req.prologue().method().text(),
                "path", req.path().path(), "remote", req.remotePeer().host());
        res.header(HeaderNames.WWW_AUTHENTICATE, challenge);
        ApiResponses.error(res, 401, "unauthorized", message, null);
    }
}
