package io.productscanner.runtime.api;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.productscanner.runtime.logging.LogEvent;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses writes that a browser sends on behalf of another site's page. Browsers mark such requests: {@code Origin}
 * names the page's origin on every POST, PUT, PATCH and DELETE, and {@code Sec-Fetch-Site} says how the page relates
 * to the target. A write passes when it carries neither (curl, the CLI, scripts), when its {@code Origin} is this
 * API's own (the console, served by this API) or one in {@code API_ALLOWED_ORIGINS}. This matters most for writes
 * without a body (cancel, requeue, pause), which an HTML form or {@code fetch} on any page can send without asking
 * the API first; writes with a body are also held by {@link JsonContentTypeFilter}. Reads are left alone: without
 * CORS headers a browser hands their answers to no other origin.
 */
final class CrossOriginWriteFilter implements Filter {
    private static final System.Logger LOG = System.getLogger(CrossOriginWriteFilter.class.getName());
    private static final Set<Method> WRITES = Set.of(Method.POST, Method.PUT, Method.PATCH, Method.DELETE);
    private static final HeaderName SEC_FETCH_SITE = HeaderNames.create("Sec-Fetch-Site");

    private final List<String> allowedOrigins;

    /** @param allowedOrigins lower-case origins ({@code scheme://host[:port]}) that may write besides the API's own */
    CrossOriginWriteFilter(List<String> allowedOrigins) {
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!WRITES.contains(req.prologue().method())) {
            chain.proceed();
            return;
        }
        Optional<String> origin =
                req.headers().first(HeaderNames.ORIGIN).map(o -> o.trim().toLowerCase(Locale.ROOT));
        if (origin.isPresent() && allowedOrigins.contains(origin.get())) {
            chain.proceed();
            return;
        }
        if (origin.isPresent()
                && !sameOrigin(
                        origin.get(), req.headers().first(HeaderNames.HOST).orElse(""))) {
            refuse(
                    req,
                    res,
                    "origin",
                    "a page from another origin may not write to this API (Origin " + ApiResponses.echoed(origin.get())
                            + "); list it in API_ALLOWED_ORIGINS if it should");
            return;
        }
        String site = req.headers().first(SEC_FETCH_SITE).orElse("").trim().toLowerCase(Locale.ROOT);
        if (site.equals("cross-site") || site.equals("same-site")) {
            refuse(
                    req,
                    res,
                    "sec_fetch_site",
                    "a page from another origin may not write to this API (Sec-Fetch-Site: " + site + ")");
            return;
        }
        chain.proceed();
    }

    /**
     * Whether {@code origin} is the API as the request reached it: same host and port as {@code Host} (a port
     * left out being the scheme's default). The scheme is not compared, so a TLS proxy in front changes nothing;
     * {@code null} (sandboxed frames, file pages) is never the same.
     */
    private static boolean sameOrigin(String origin, String hostHeader) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.getHost() == null
                || uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            return false;
        }
        int defaultPort = "https".equals(uri.getScheme()) ? 443 : 80;
        int originPort = uri.getPort() == -1 ? defaultPort : uri.getPort();
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        boolean hasPort = colon > host.lastIndexOf(']');
        String hostName = hasPort ? host.substring(0, colon) : host;
        int hostPort;
        try {
            hostPort = hasPort ? Integer.parseInt(host.substring(colon + 1)) : defaultPort;
        } catch (NumberFormatException e) {
            return false;
        }
        return uri.getHost().equals(hostName) && originPort == hostPort;
    }

    private static void refuse(RoutingRequest req, RoutingResponse res, String reason, String message) {
        LogEvent.info(
                LOG,
                "api.cross_origin_refused",
                "reason",
                reason,
                "origin",
                req.headers()
                        .first(HeaderNames.ORIGIN)
                        .map(ApiResponses::echoed)
                        .orElse(null),
                "method",
                req.prologue().method().text(),
                "path",
                req.path().path(),
                "remote",
                req.remotePeer().host());
        ApiResponses.error(res, 403, "cross_origin_write", message, null);
    }
}
