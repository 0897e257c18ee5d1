package io.productscanner.runtime.tracing;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.concurrent.TimeUnit;

/**
 * The process's installed tracing, or {@link #OFF}. Closing it exports the spans still buffered and stops the
 * exporter: the process commands close it after their parts have stopped, so the last jobs' spans are sent.
 */
public final class Tracing implements AutoCloseable {
    /** Nothing installed: spans are the API's no-ops. */
    public static final Tracing OFF = new Tracing(null);

    private final OpenTelemetrySdk sdk;

    Tracing(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
    }

    /** Whether spans are recorded and exported. */
    public boolean on() {
        return sdk != null;
    }

    @Override
    public void close() {
        if (sdk != null) {
            sdk.shutdown().join(10, TimeUnit.SECONDS);
        }
    }
}
