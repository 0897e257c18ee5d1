package io.productscanner.runtime.logging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * A {@link LogEvent}'s record: its message is the {@code event=… key=value} text, and it keeps what the text loses
 * for {@link StructuredLogFormatter}'s JSON lines: the event name, each field's value with its type (a duration is a
 * number there, not the string of one), the thread that logged it and the span current when it was logged.
 */
final class EventRecord extends LogRecord {
    private final String event;
    private final transient Map<String, Object> fields;
    private final String threadName;
    private final transient SpanContext span;

    EventRecord(Level level, String message, String event, Map<String, Object> fields) {
        super(level, message);
        this.event = event;
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.threadName = LoggingThread.name(Thread.currentThread());
        this.span = Span.current().getSpanContext();
    }

    String event() {
        return event;
    }

    /** The fields in the order logged, null values left out. */
    Map<String, Object> fields() {
        return fields;
    }

    String threadName() {
        return threadName;
    }

    /** The span current where the event was logged; invalid when there was none (tracing off). */
    SpanContext span() {
        return span;
    }
}
