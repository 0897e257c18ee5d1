package io.productscanner.runtime.access;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.logging.LoggingConfig;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The API's access log, off the request path: a request thread only offers a small record to a bounded queue, and
 * one thread of the log's own writes the lines ({@code http.request} events on the logger
 * {@value LoggingConfig#ACCESS_LOGGER}). When the queue is full (the log's output is slower than the requests) the
 * record is dropped and counted in {@value #DROPPED}, never waited for.
 */
final class AccessLog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LoggingConfig.ACCESS_LOGGER);
    static final String DROPPED = "scanner_access_log_dropped";
    /** A few seconds of a busy API's requests; each record is a few hundred bytes. */
    static final int CAPACITY = 8192;

    private final BlockingQueue<AccessRecord> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Counter dropped;
    private final Thread writer;
    private volatile boolean closed;

    AccessLog(MeterRegistry registry) {
        this.dropped = registry.getOrCreate(
                Counter.builder(DROPPED).description("Access log lines dropped because the log's queue was full"));
        this.writer = Thread.ofPlatform().name("access-log").daemon().start(this::drain);
    }

    /** Whether lines are wanted at all: {@code ACCESS_LOG=off}, or the logger's level, silences them. */
    boolean enabled() {
        return !closed && LOG.isLoggable(System.Logger.Level.INFO);
    }

    /** Queues the line; drops it, counted, when the queue is full. */
    void offer(AccessRecord record) {
        if (!queue.offer(record)) {
            dropped.increment();
        }
    }

    private void drain() {
        try {
            while (!closed || !queue.isEmpty()) {
                AccessRecord record = queue.poll(200, TimeUnit.MILLISECONDS);
                if (record != null) {
                    write(record);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Inside the request's span, so the line carries its trace and span ids as every other line does. */
    private static void write(AccessRecord r) {
        try (Scope ignored = Context.root().with(Span.wrap(r.span())).makeCurrent()) {
            LogEvent.info(
                    LOG,
                    "http.request",
                    "method",
                    r.method(),
                    "route",
                    r.route(),
                    "status",
                    r.status(),
                    "duration_ms",
                    r.durationMicros() / 1000.0,
                    "bytes",
                    r.bytes(),
                    "caller",
                    r.caller().wireName(),
                    "job_id",
                    r.jobId(),
                    "platform",
                    r.platform());
        } catch (RuntimeException e) {
            // one line that could not be written must not stop the lines after it
        }
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
