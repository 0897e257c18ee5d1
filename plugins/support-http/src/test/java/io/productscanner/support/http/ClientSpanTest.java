package io.productscanner.support.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.productscanner.plugin.testkit.LoopbackServer;
import io.productscanner.plugin.testkit.LoopbackServer.Reply;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With tracing on, each request of a plugin's client is a client span under the scan's span, with the method, the
 * site's URL and the status; the site sees no trace header.
 */
class ClientSpanTest {
    private static final HttpSettings NO_PACING =
            HttpSettings.builder().pacing(Duration.ZERO).maxAttempts(1).build();

    private final List<SpanData> ended = new CopyOnWriteArrayList<>();
    private OpenTelemetrySdk sdk;

    @BeforeEach
    void installSdk() {
        SpanExporter collect = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                ended.addAll(spans);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(collect))
                        .build())
                // a propagator installed: were the client to propagate, the header would be there
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        GlobalOpenTelemetry.resetForTest();
        GlobalOpenTelemetry.set(sdk);
    }

    @AfterEach
    void removeSdk() {
        GlobalOpenTelemetry.resetForTest();
        sdk.close();
    }

    @Test
    void eachCallIsAClientSpanUnderTheScanWithTheSitesUrlAndStatusAndNoTraceHeaderReachesTheSite() throws Exception {
        try (LoopbackServer mirror =
                LoopbackServer.start().enqueue(Reply.redirect("https://shop.example.com/p/2"), Reply.of(404, "{}"))) {
            OkHttpClient client = HttpClients.create(TestContexts.withMirror(mirror.url()), NO_PACING);
            Span scan = GlobalOpenTelemetry.getTracer("test")
                    .spanBuilder("scan product")
                    .startSpan();
            try (Scope ignored = scan.makeCurrent()) {
                HttpCalls.fetchText(
                        client,
                        new Request.Builder()
                                .url("https://user:secret@shop.example.com/p/1?lang=ko")
                                .build());
            } catch (Exception failed) {
                // a 404 may be a typed failure for the caller; the spans are what is looked at
            } finally {
                scan.end();
            }

            List<SpanData> calls = ended.stream()
                    .filter(span -> span.getKind() == SpanKind.CLIENT)
                    .toList();
            assertEquals(2, calls.size(), "one span per hop: " + ended);
            SpanData first = calls.get(0);
            SpanData second = calls.get(1);
            for (SpanData call : calls) {
                assertEquals(scan.getSpanContext().getSpanId(), call.getParentSpanId());
                assertEquals(scan.getSpanContext().getTraceId(), call.getTraceId());
                assertEquals("GET", call.getName());
                assertEquals("GET", call.getAttributes().get(AttributeKey.stringKey("http.request.method")));
            }
            assertEquals(
                    "https://shop.example.com/p/1?lang=ko",
                    first.getAttributes().get(AttributeKey.stringKey("url.full")),
                    "the site's URL, without the credentials, not the mirror's");
            assertEquals(302L, first.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
            assertEquals(
                    "https://shop.example.com/p/2", second.getAttributes().get(AttributeKey.stringKey("url.full")));
            assertEquals(404L, second.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
            assertEquals(StatusCode.ERROR, second.getStatus().getStatusCode());

            assertEquals(2, mirror.requests().size());
            for (LoopbackServer.Request seen : mirror.requests()) {
                assertNull(seen.header("traceparent"), "no trace header to the site: " + seen.headers());
                assertNull(seen.header("tracestate"), seen.headers().toString());
            }
        }
    }
}
