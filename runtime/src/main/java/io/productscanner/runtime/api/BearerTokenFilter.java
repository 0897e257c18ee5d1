package io.productscanner.runtime.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.productscanner.runtime.logging.LogEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;

/**
 * Lets a request through only with {@code Authorization: Bearer <API_TOKEN>}. Everything is guarded except
 * health and metrics and the console's static files ({@link OpenPaths}), which probes and scrapers reach without credentials; guarding by
 * exception rather than by listing {@code /api/v2} means a route added later is never open by accident. An address
 * that sent too many wrong tokens waits before its next one is looked at ({@link FailedTokenAttempts}).
 */
final class BearerTokenFilter implements Filter {
    private static final System.Logger LOG = System.getLogger(BearerTokenFilter.class.getName());
    private static final String SCHEME = "Bearer ";
    /** Far above any real token: a longer header is refused unread rather than compared. */
    static final int MAX_AUTHORIZATION_LENGTH = 512;

    private final byte[] expected;
    private final FailedTokenAttempts failures;

    BearerTokenFilter(String token, FailedTokenAttempts failures) {
        this.expected = token.getBytes(StandardCharsets.UTF_8);
        this.failures = failures;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        if (OpenPaths.needsNoToken(path)) {
            chain.proceed();
            return;
        }
        InetAddress client = clientAddress(req);
        Duration wait = failures.waitFor(client);
        if (!wait.isZero()) {
            tooManyFailures(res, wait);
            return;
        }
        Optional<String> authorization = req.headers().first(HeaderNames.AUTHORIZATION);
        if (authorization.isPresent() && authorization.get().length() > MAX_AUTHORIZATION_LENGTH) {
            failed(req, res, client, "oversized");
            return;
        }
        Optional<String> presented = bearerToken(authorization);
        if (presented.isEmpty()) {
            refuse(req, res, "missing", "Bearer", "this API needs the header Authorization: Bearer <API_TOKEN>");
        } else if (!matches(presented.get())) {
            failed(req, res, client, "invalid");
        } else {
            chain.proceed();
        }
    }

    /** The credentials of a {@code Bearer} authorization; the scheme name is case-insensitive (RFC 7235). */
    private static Optional<String> bearerToken(Optional<String> authorization) {
        return authorization
                .filter(value -> value.regionMatches(true, 0, SCHEME, 0, SCHEME.length()))
                .map(value -> value.substring(SCHEME.length()).trim())
                .filter(token -> !token.isEmpty());
    }

    /**
     * Constant time: {@link MessageDigest#isEqual} runs over the presented bytes whatever they hold, so how long
     * this takes says nothing about how much of the token was right, nor its length.
     */
    private boolean matches(String presented) {
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected);
    }

    private void failed(RoutingRequest req, RoutingResponse res, InetAddress client, String reason) {
        if (failures.recordFailure(client)) {
            LogEvent.warn(
                    LOG,
                    "api.token_attempts_exhausted",
                    "remote",
                    client.getHostAddress(),
                    "burst",
                    FailedTokenAttempts.BURST,
                    "note",
                    "further requests from this address wait for a regained try");
        }
        refuse(req, res, reason, "Bearer error=\"invalid_token\"", "the bearer token is not valid");
    }

    private static void tooManyFailures(RoutingResponse res, Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        res.header(HeaderNames.RETRY_AFTER, Long.toString(seconds));
        ApiResponses.error(
                res,
                429,
                "too_many_token_failures",
                "too many wrong bearer tokens from this address; try again in " + seconds + " s",
                null);
    }

    private static InetAddress clientAddress(RoutingRequest req) {
        return req.remotePeer().address() instanceof InetSocketAddress socket && socket.getAddress() != null
                ? socket.getAddress()
                : InetAddress.getLoopbackAddress();
    }

    private static void refuse(
            RoutingRequest req, RoutingResponse res, String reason, String challenge, String message) {
        LogEvent.info(
                LOG,
                "api.unauthorized",
                "reason",
                reason,
                "method",
                req.prologue().method().text(),
                "path",
                req.path().path(),
                "remote",
                req.remotePeer().host());
        res.header(HeaderNames.WWW_AUTHENTICATE, challenge);
        ApiResponses.error(res, 401, "unauthorized", message, null);
    }
}
