package io.productscanner.support.browser.internal;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Response;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client span for each main-frame navigation of a page (every redirect hop its own), from the request until it
 * finished or failed, with the URL and the answer's status: what a scan's page load did, whatever call of the
 * plugin made it ({@code navigate}, a click, a script). Playwright reports these as events on the thread that runs
 * the page task, which carries the scan's trace context. No trace header reaches the sites.
 */
public final class NavigationSpans {
    private final Map<Request, Span> open = new ConcurrentHashMap<>();

    /** Follows {@code page}'s navigations from now on. */
    public void follow(Page page) {
        page.onRequest(this::requested);
        page.onResponse(this::answered);
        page.onRequestFinished(request -> ended(request, null));
        page.onRequestFailed(request -> ended(request, request.failure()));
    }

    /** Ends the spans of navigations that never finished (a page closed or crashed under them). */
    public void abandonOpen() {
        open.values().forEach(span -> {
            span.setStatus(StatusCode.ERROR, "navigation never finished");
            span.end();
        });
        open.clear();
    }

    private void requested(Request request) {
        if (!request.isNavigationRequest() || request.frame().parentFrame() != null) {
            return;
        }
        String url = request.url();
        Span span = GlobalOpenTelemetry.getTracer("io.productscanner.support.browser")
                .spanBuilder("navigate")
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("http.request.method", request.method())
                .setAttribute("url.full", withoutCredentials(url))
                .startSpan();
        if (span.isRecording()) {
            open.put(request, span);
        }
    }

    private void answered(Response response) {
        Span span = open.get(response.request());
        if (span != null) {
            span.setAttribute("http.response.status_code", (long) response.status());
            if (response.status() >= 400) {
                span.setAttribute("error.type", Integer.toString(response.status()));
                span.setStatus(StatusCode.ERROR);
            }
        }
    }

    private void ended(Request request, String failure) {
        Span span = open.remove(request);
        if (span != null) {
            if (failure != null) {
                span.setAttribute("error.type", "navigation_failed");
                span.setStatus(StatusCode.ERROR, failure);
            }
            span.end();
        }
    }

    private static String withoutCredentials(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getRawUserInfo() == null) {
                return url;
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null)
                    .toString();
        } catch (IllegalArgumentException | URISyntaxException e) {
            return "";
        }
    }
}
