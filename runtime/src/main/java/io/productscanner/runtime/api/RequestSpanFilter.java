package io.productscanner.runtime.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.productscanner.runtime.tracing.TraceContextFields;
import java.util.List;

/**
 * A server span around every API request, named {@code METHOD route-template} once the routing has matched the
 * request ({@code GET /api/v2/jobs/{job_id}}), in the caller's trace when it sent a W3C {@code traceparent}.
 * Registered first, so refused requests (host, token) are traced too; no header values beyond the trace
 * context are read, the {@code Authorization} header never. Health probes and metric scrapes are not traced.
 */
final class RequestSpanFilter implements Filter {
    private static final String OBSERVE = "/observe/";

    private static final TextMapGetter<ServerRequestHeaders> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(ServerRequestHeaders headers) {
            return List.of(TraceContextFields.TRACEPARENT, "tracestate");
        }

        @Override
        public String get(ServerRequestHeaders headers, String name) {
            return headers == null
                    ? null
                    : headers.first(HeaderNames.create(name)).orElse(null);
        }
    };

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (req.path().path().startsWith(OBSERVE)) {
            // health probes and metric scrapes: a trace of one span every few seconds says nothing
            chain.proceed();
            return;
        }
        String method = req.prologue().method().text();
        Span span = GlobalOpenTelemetry.getTracer("io.productscanner.api")
                .spanBuilder(method)
                .setParent(TraceContextFields.read(req.headers(), HEADERS))
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("http.request.method", method)
                .setAttribute("url.path", req.path().path())
                .setAttribute("url.scheme", req.isSecure() ? "https" : "http")
                .startSpan();
        int status = 0;
        try (Scope ignored = span.makeCurrent()) {
            chain.proceed();
            status = res.status().code();
        } catch (ApiException e) {
            status = e.status();
            throw e;
        } catch (HttpException e) {
            status = e.status().code();
            throw e;
        } catch (RuntimeException e) {
            status = 500;
            span.setAttribute("error.type", e.getClass().getName());
            throw e;
        } finally {
            req.matchingPattern().ifPresent(route -> {
                span.updateName(method + " " + route);
                span.setAttribute("http.route", route);
            });
            span.setAttribute("http.response.status_code", status);
            if (status >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        }
    }
}
