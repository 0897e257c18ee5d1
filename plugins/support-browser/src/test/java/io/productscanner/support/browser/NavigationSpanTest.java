package io.productscanner.support.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.productscanner.mirror.SiteMirror;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With tracing on, each main-frame navigation of a page is a client span with its URL and status, under the span of
 * the scan that handed the pool its task (which runs on the browser's own thread). Real Chromium, loopback mirror.
 */
class NavigationSpanTest {
    private final List<SpanData> ended = new CopyOnWriteArrayList<>();
    private OpenTelemetrySdk sdk;
    private SiteMirror mirror;

    @BeforeEach
    void start() throws Exception {
        mirror = SiteMirror.start(Path.of(System.getProperty("fixtures.dir", "src/test/resources/mirror")), 0);
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
                .build();
        GlobalOpenTelemetry.resetForTest();
        GlobalOpenTelemetry.set(sdk);
    }

    @AfterEach
    void stop() {
        GlobalOpenTelemetry.resetForTest();
        sdk.close();
        mirror.close();
    }

    @Test
    void eachNavigationIsAClientSpanUnderTheScanWithItsUrlAndStatus() throws Exception {
        Span scan = GlobalOpenTelemetry.getTracer("test")
                .spanBuilder("scan product")
                .startSpan();
        try (BrowserPool pool = BrowserPool.create(
                        "test", new TestBrowsers.CountingContext(mirror.url()), TestBrowsers.settings(Set.of()));
                Scope ignored = scan.makeCurrent()) {
            pool.withPage(page -> {
                page.navigate("https://shop.example/page.html");
                page.navigate("https://shop.example/no-such-page.html");
                return null;
            });
        } finally {
            scan.end();
        }

        List<SpanData> navigations =
                ended.stream().filter(span -> span.getName().equals("navigate")).toList();
        assertEquals(2, navigations.size(), ended.toString());
        for (SpanData navigation : navigations) {
            assertEquals(SpanKind.CLIENT, navigation.getKind());
            assertEquals(scan.getSpanContext().getSpanId(), navigation.getParentSpanId(), "the scan's child");
            assertEquals("GET", navigation.getAttributes().get(AttributeKey.stringKey("http.request.method")));
        }
        SpanData found = navigations.get(0);
        assertEquals("https://shop.example/page.html", found.getAttributes().get(AttributeKey.stringKey("url.full")));
        assertEquals(200L, found.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        assertEquals(StatusCode.UNSET, found.getStatus().getStatusCode());
        SpanData missing = navigations.get(1);
        assertEquals(
                "https://shop.example/no-such-page.html",
                missing.getAttributes().get(AttributeKey.stringKey("url.full")));
        assertEquals(404L, missing.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        assertEquals(StatusCode.ERROR, missing.getStatus().getStatusCode());
    }
}
