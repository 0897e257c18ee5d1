package io.productscanner.runtime.access;

import io.helidon.common.parameters.Parameters;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.productscanner.runtime.metrics.HttpServerRequests;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Each API request, once its response is sent: timed into {@code http.server.requests} by route template and
 * status ({@link HttpServerRequests}), and a line queued for the access log ({@link AccessLog}). Registered first,
 * so the requests other filters refuse (a wrong token, another origin's write) are counted too.
 */
public final class HttpAccess implements Filter, AutoCloseable {
    /** Methods outside HTTP's own become one tag value: a caller must not grow the metrics with made-up methods. */
    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");
    /** The API's catch-all for unknown {@code /api/v2} paths: a path no real route serves. */
    private static final String CATCH_ALL = "/api/v2/*";

    private final HttpServerRequests requests;
    private final AccessLog log;

    public HttpAccess(MeterRegistry registry) {
        this.requests = new HttpServerRequests(registry);
        this.log = new AccessLog(registry);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long started = System.nanoTime();
        SpanContext span = Span.current().getSpanContext();
        res.whenSent(() -> sent(req, res, started, span));
        chain.proceed();
    }

    /**
     * @param atStart the span current when the request reached this filter; a server span a later filter opens is
     *                current here instead, when the response is sent inside it
     */
    private void sent(RoutingRequest req, RoutingResponse res, long started, SpanContext atStart) {
        long took = System.nanoTime() - started;
        SpanContext current = Span.current().getSpanContext();
        SpanContext span = current.isValid() ? current : atStart;
        String method = req.prologue().method().text();
        method = METHODS.contains(method) ? method : "_OTHER";
        int status = res.status().code();
        String route = route(req.matchingPattern(), status);
        requests.record(method, route, status, Duration.ofNanos(took));
        if (log.enabled()) {
            Parameters params = req.path().pathParameters();
            log.offer(new AccessRecord(
                    method,
                    route,
                    status,
                    took / 1000,
                    res.bytesWritten(),
                    CallerKind.of(req.headers()),
                    route.startsWith("/api/v2/jobs/") ? params.first("id").orElse(null) : null,
                    params.first("platform")
                            .orElseGet(() -> params.first("queue").orElse(null)),
                    span));
        }
    }

    /**
     * The template that answered, without a trailing slash. When none did, as Micrometer names it: {@code NOT_FOUND}
     * for a 404 (no route for the path), {@code REDIRECTION} for a 3xx, else {@code UNKNOWN} (a filter refused the
     * request before routing: a missing token, a foreign Host or Origin).
     */
    static String route(Optional<String> pattern, int status) {
        if (pattern.isEmpty() || pattern.get().isEmpty() || pattern.get().equals(CATCH_ALL)) {
            if (status == 404) {
                return HttpServerRequests.NOT_FOUND;
            }
            return status / 100 == 3 ? "REDIRECTION" : "UNKNOWN";
        }
        String route = pattern.get();
        return route.length() > 1 && route.endsWith("/") ? route.substring(0, route.length() - 1) : route;
    }

    /** Writes the lines still queued. */
    @Override
    public void close() {
        log.close();
    }
}
