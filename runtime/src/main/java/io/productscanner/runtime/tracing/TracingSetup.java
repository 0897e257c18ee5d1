package io.productscanner.runtime.tracing;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import io.productscanner.runtime.config.RawSettings;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.version.ProductVersion;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Tracing's set-up at process start, from the standard {@code OTEL_*} variables (OpenTelemetry's SDK
 * autoconfiguration): an SDK exporting spans over OTLP/HTTP (protobuf, the JDK's HTTP client) through a batch span
 * processor, installed as the process's {@link GlobalOpenTelemetry} before anything creates a span. Only when an
 * OTLP endpoint is set ({@code OTEL_EXPORTER_OTLP_ENDPOINT} or {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}) and
 * {@code OTEL_SDK_DISABLED} is not true; otherwise nothing is installed and the instrumented code runs against
 * the API's no-op, at next to no cost. Only traces are exported: metrics and logs have their own paths.
 */
public final class TracingSetup {
    private static final System.Logger LOG = System.getLogger(TracingSetup.class.getName());

    static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    static final String TRACES_ENDPOINT = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    static final String SDK_DISABLED = "OTEL_SDK_DISABLED";

    /**
     * The variables docs/CONFIGURATION.md lists; the SDK reads every other standard one from the environment or
     * system properties itself.
     */
    static final List<String> HONOURED = List.of(
            ENDPOINT,
            TRACES_ENDPOINT,
            "OTEL_EXPORTER_OTLP_HEADERS",
            "OTEL_EXPORTER_OTLP_TRACES_HEADERS",
            "OTEL_EXPORTER_OTLP_PROTOCOL",
            "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
            "OTEL_EXPORTER_OTLP_TIMEOUT",
            "OTEL_EXPORTER_OTLP_COMPRESSION",
            "OTEL_SERVICE_NAME",
            "OTEL_RESOURCE_ATTRIBUTES",
            "OTEL_TRACES_SAMPLER",
            "OTEL_TRACES_SAMPLER_ARG",
            "OTEL_TRACES_EXPORTER",
            "OTEL_BSP_SCHEDULE_DELAY",
            "OTEL_BSP_MAX_QUEUE_SIZE",
            "OTEL_BSP_MAX_EXPORT_BATCH_SIZE",
            "OTEL_BSP_EXPORT_TIMEOUT");

    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    private static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");
    private static final AttributeKey<String> SERVICE_INSTANCE_ID = AttributeKey.stringKey("service.instance.id");

    private TracingSetup() {}

    /**
     * Installs the SDK when the settings ask for an export; the returned handle flushes and stops it. Settings
     * given explicitly (the {@code bench} commands' overrides) count like the environment.
     *
     * @param serviceName the resource's {@code service.name} unless {@code OTEL_SERVICE_NAME} (or
     *                    {@code OTEL_RESOURCE_ATTRIBUTES}) names it
     */
    public static Tracing install(RawSettings settings, String serviceName) {
        Optional<String> endpoint = settings.raw(TRACES_ENDPOINT).or(() -> settings.raw(ENDPOINT));
        boolean disabled =
                settings.raw(SDK_DISABLED).map(v -> v.equalsIgnoreCase("true")).orElse(false);
        if (endpoint.isEmpty() || disabled) {
            return Tracing.OFF;
        }
        OpenTelemetrySdk sdk;
        try {
            sdk = AutoConfiguredOpenTelemetrySdk.builder()
                    // defaults below the environment and system properties: spans only, over OTLP/HTTP protobuf
                    .addPropertiesSupplier(TracingSetup::defaults)
                    // the variables read through the settings, so explicit settings (bench overrides) count too
                    .addPropertiesCustomizer(config -> honoured(settings))
                    .addResourceCustomizer((resource, config) -> withServiceIdentity(resource, config, serviceName))
                    .disableShutdownHook()
                    .build()
                    .getOpenTelemetrySdk();
        } catch (RuntimeException e) {
            // a wrong OTEL_* value: the process runs, without traces, and says why
            LogEvent.warn(LOG, "tracing.not_configured", "error", e.getMessage());
            return Tracing.OFF;
        }
        try {
            GlobalOpenTelemetry.set(sdk);
        } catch (IllegalStateException e) {
            // one was installed first (the OpenTelemetry Java agent's, or another command's in this JVM): the spans
            // go to that one
            sdk.shutdown().join(5, TimeUnit.SECONDS);
            LogEvent.warn(
                    LOG,
                    "tracing.already_installed",
                    "note",
                    "an OpenTelemetry SDK was installed before this one (a Java agent?); spans go to it");
            return Tracing.OFF;
        }
        LogEvent.info(
                LOG,
                "tracing.on",
                "exporter",
                "otlp",
                "protocol",
                settings.raw("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
                        .or(() -> settings.raw("OTEL_EXPORTER_OTLP_PROTOCOL"))
                        .orElse("http/protobuf"),
                "endpoint",
                endpoint.get());
        return new Tracing(sdk);
    }

    private static Map<String, String> defaults() {
        return Map.of(
                "otel.traces.exporter", "otlp",
                "otel.metrics.exporter", "none",
                "otel.logs.exporter", "none",
                "otel.exporter.otlp.protocol", "http/protobuf",
                "otel.propagators", "tracecontext");
    }

    private static Map<String, String> honoured(RawSettings settings) {
        Map<String, String> properties = new HashMap<>();
        for (String variable : HONOURED) {
            settings.raw(variable).ifPresent(value -> properties.put(propertyName(variable), value));
        }
        return properties;
    }

    /** {@code OTEL_EXPORTER_OTLP_ENDPOINT} as the SDK's property {@code otel.exporter.otlp.endpoint}. */
    private static String propertyName(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private static Resource withServiceIdentity(Resource resource, ConfigProperties config, String serviceName) {
        AttributesBuilder ours = Attributes.builder();
        boolean named = config.getString("otel.service.name") != null
                || config.getMap("otel.resource.attributes").containsKey(SERVICE_NAME.getKey());
        if (!named) {
            ours.put(SERVICE_NAME, serviceName);
        }
        if (resource.getAttribute(SERVICE_VERSION) == null) {
            ours.put(SERVICE_VERSION, ProductVersion.current().version());
        }
        if (resource.getAttribute(SERVICE_INSTANCE_ID) == null) {
            ours.put(SERVICE_INSTANCE_ID, UUID.randomUUID().toString());
        }
        return resource.merge(Resource.create(ours.build()));
    }
}
