package io.productscanner.support.http.internal;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A client span around each request to a site (every retry and redirect hop its own), with the method, the site's
 * URL (before the site mirror rewrites it; no user name or password) and the answer's status, in the trace of the
 * scan that made it. No trace header is sent: the sites are not part of the system, and must not learn its ids.
 * With tracing off the span is the API's no-op.
 */
public final class ClientSpanInterceptor implements Interceptor {
    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        HttpUrl url = request.url();
        Span span = GlobalOpenTelemetry.getTracer("io.productscanner.support.http")
                .spanBuilder(request.method())
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("http.request.method", request.method())
                .setAttribute("url.full", withoutCredentials(url))
                .setAttribute("server.address", url.host())
                .setAttribute("server.port", (long) url.port())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            Response response = chain.proceed(request);
            span.setAttribute("http.response.status_code", (long) response.code());
            if (response.code() >= 400) {
                span.setAttribute("error.type", Integer.toString(response.code()));
                span.setStatus(StatusCode.ERROR);
            }
            return response;
        } catch (IOException | RuntimeException e) {
            span.setAttribute("error.type", e.getClass().getName());
            span.setStatus(StatusCode.ERROR, e.getMessage());
            throw e;
        } finally {
            span.end();
        }
    }

    private static String withoutCredentials(HttpUrl url) {
        if (url.username().isEmpty() && url.password().isEmpty()) {
            return url.toString();
        }
        return url.newBuilder().username("").password("").build().toString();
    }
}
