package io.productscanner.runtime.tracing;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Map;

/**
 * A trace context kept in string fields (W3C {@code traceparent}, and {@code tracestate} when there is one): how
 * a job's hash carries its submitter's context to the worker that runs it, and how an API request's headers carry
 * the caller's. Through the installed propagators, so with tracing off nothing is written or read.
 */
public final class TraceContextFields {
    /** The W3C field holding the trace id, parent span id and flags. */
    public static final String TRACEPARENT = "traceparent";

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceContextFields() {}

    /** Adds the current context's fields to {@code fields} (nothing when tracing is off or no span is current). */
    public static void write(Map<String, String> fields) {
        GlobalOpenTelemetry.getPropagators().getTextMapPropagator().inject(Context.current(), fields, Map::put);
    }

    /** The context {@code fields} carry, as the parent of spans started under it; the root context when none. */
    public static Context read(Map<String, String> fields) {
        return GlobalOpenTelemetry.getPropagators().getTextMapPropagator().extract(Context.root(), fields, MAP_GETTER);
    }

    /** The context of the fields that {@code getter} reads from {@code carrier} (an HTTP request's headers). */
    public static <C> Context read(C carrier, TextMapGetter<C> getter) {
        return GlobalOpenTelemetry.getPropagators().getTextMapPropagator().extract(Context.root(), carrier, getter);
    }
}
