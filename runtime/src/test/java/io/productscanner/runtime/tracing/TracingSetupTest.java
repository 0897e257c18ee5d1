package io.productscanner.runtime.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.docs.Documentation;
import io.productscanner.runtime.testing.OtlpReceiver;
import io.productscanner.runtime.testing.OtlpReceiver.ReceivedSpan;
import io.productscanner.runtime.version.ProductVersion;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK is installed only for an OTLP endpoint and not when disabled; installed, it exports what the process's
 * tracers record to the endpoint over OTLP/HTTP, with the service's name, version and instance, and sends the
 * rest on close.
 */
class TracingSetupTest {
    @BeforeEach
    @AfterEach
    void uninstall() {
        // other tests of this JVM use the API, which then fixes its global to the no-op
        GlobalOpenTelemetry.resetForTest();
    }

    @Test
    void withoutAnEndpointNothingIsInstalled() {
        Tracing tracing = TracingSetup.install(Settings.of(Map.of()), "product-scanner");
        assertFalse(tracing.on());
        assertSame(OpenTelemetry.noop().getTracerProvider(), GlobalOpenTelemetry.getTracerProvider());
        assertFalse(GlobalOpenTelemetry.getTracer("test")
                .spanBuilder("nothing")
                .startSpan()
                .getSpanContext()
                .isValid());
    }

    @Test
    void aDisabledSdkIsNotInstalledEvenWithAnEndpoint() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            Tracing tracing = TracingSetup.install(
                    Settings.of(
                            Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(), "OTEL_SDK_DISABLED", "true")),
                    "product-scanner");
            assertFalse(tracing.on());
            GlobalOpenTelemetry.getTracer("test")
                    .spanBuilder("nothing")
                    .startSpan()
                    .end();
            tracing.close();
            assertEquals(0, receiver.requests());
        }
    }

    @Test
    void anEndpointInstallsAnExporterOfTheServicesSpans() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            Tracing tracing = TracingSetup.install(
                    Settings.of(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())), "scanner-eu");
            assertTrue(tracing.on());
            GlobalOpenTelemetry.getTracer("test").spanBuilder("one").startSpan().end();
            // the batch is sent on close, however long its schedule
            tracing.close();

            List<ReceivedSpan> spans = receiver.spans();
            assertEquals(1, spans.size(), spans.toString());
            Map<String, String> resource = spans.getFirst().resource();
            assertEquals("scanner-eu", resource.get("service.name"), "SERVICE_NAME names the service");
            assertEquals(ProductVersion.current().version(), resource.get("service.version"));
            assertNotNull(resource.get("service.instance.id"));
            assertTrue(
                    receiver.requestHeaders().contains("content-type: application/x-protobuf"),
                    receiver.requestHeaders().toString());
            receiver.assertNoFailures();
        }
    }

    @Test
    void otelServiceNameAndResourceAttributesWinOverServiceName() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            Tracing tracing = TracingSetup.install(
                    Settings.of(Map.of(
                            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", receiver.endpoint() + "/v1/traces",
                            "OTEL_SERVICE_NAME", "scanner-from-otel",
                            "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=test,service.version=9.9")),
                    "product-scanner");
            GlobalOpenTelemetry.getTracer("test").spanBuilder("one").startSpan().end();
            tracing.close();

            Map<String, String> resource = receiver.spans().getFirst().resource();
            assertEquals("scanner-from-otel", resource.get("service.name"));
            assertEquals("9.9", resource.get("service.version"));
            assertEquals("test", resource.get("deployment.environment.name"));
        }
    }

    @Test
    void everyHonouredVariableIsDocumented() throws IOException {
        String page = Documentation.read("docs/CONFIGURATION.md");
        List<String> missing = TracingSetup.HONOURED.stream()
                .filter(name -> !page.contains("`" + name + "`"))
                .toList();
        assertEquals(List.of(), missing, "OTEL variables missing from docs/CONFIGURATION.md");
        assertTrue(page.contains("`" + TracingSetup.SDK_DISABLED + "`"));
    }

    @Test
    void aWrongValueLeavesTracingOffAndTheProcessRunning() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            Tracing tracing = TracingSetup.install(
                    Settings.of(Map.of(
                            "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(), "OTEL_TRACES_SAMPLER", "sometimes")),
                    "product-scanner");
            assertFalse(tracing.on());
            tracing.close();
        }
    }
}
