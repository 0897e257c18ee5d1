package io.productscanner.runtime.logging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.version.ProductVersion;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One line per log record, carrying time, level, service, platform, job id and message. {@code text}:
 * {@code 2026-11-29T08:00:00.123Z INFO service=worker-musinsa PlatformWorker event=job.started job_id=… platform=…}
 * (with {@code trace_id=…} at the end while a span is current), for terminals; {@code json}: one Elastic Common
 * Schema object per line ({@code @timestamp, log.level, message, ecs.version, service.name, service.version,
 * log.logger, process.thread.name, event.action, trace.id, span.id, error.*}) with the event's own fields, typed, at
 * the top level ({@link EcsNames}), for log shippers.
 *
 * <p>No text a caller, a site or a library chose can start a line of its own. In {@code text}, every control
 * character of the message, the service and the logger name is escaped ({@link ControlCharacters}), and a stack
 * trace follows on lines that each start with a tab, their text escaped the same way ({@link StackTraceLines}): an
 * event's first line is the only one that starts with its time. In {@code json}, every control character is a JSON
 * escape, DEL, C1 and U+2028/U+2029 included (JSON may carry those raw, and some readers end lines at them).
 */
public final class StructuredLogFormatter extends Formatter {
    /** Milliseconds, always UTC: lines from several hosts sort together. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** Starts every line of an event after its first (a stack trace's); a time never does. */
    private static final String CONTINUATION = "\t";

    /** The Elastic Common Schema version the JSON lines follow. */
    static final String ECS_VERSION = "8.11";

    private static final ObjectWriter JSON_LINE = Json.MAPPER.writer().with(new ControlEscapes());

    /** How lines are written. */
    public enum Format {
        TEXT,
        JSON;

        /** {@code text} or {@code json}, as {@code LOG_FORMAT} gives it. */
        public static Format named(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    private final Format format;
    private final String service;

    public StructuredLogFormatter(Format format, String service) {
        this.format = format;
        this.service = service;
    }

    @Override
    public String format(LogRecord record) {
        String message = formatMessage(record);
        String time = TIME.format(record.getInstant());
        String level = levelName(record.getLevel());
        return switch (format) {
            case TEXT -> text(record, time, level, message);
            case JSON -> json(record, time, level, message);
        };
    }

    private String text(LogRecord record, String time, String level, String message) {
        StringBuilder line = new StringBuilder(time)
                .append(' ')
                .append(level)
                .append(" service=")
                .append(ControlCharacters.escape(service))
                .append(' ')
                .append(ControlCharacters.escape(shortName(record.getLoggerName())))
                .append(' ')
                .append(ControlCharacters.escape(message));
        SpanContext span = span(record);
        if (span.isValid()) {
            line.append(" trace_id=").append(span.getTraceId());
        }
        if (record.getThrown() != null) {
            for (String traceLine : StackTraceLines.of(record.getThrown())) {
                line.append(System.lineSeparator()).append(CONTINUATION).append(traceLine);
            }
        }
        return line.append(System.lineSeparator()).toString();
    }

    /**
     * An Elastic Common Schema line, as ecs-logging writes one: flat dotted keys ({@code "log.level"}), which
     * Elasticsearch and Filebeat expand into ECS's objects, the event's own fields at the top level with their types.
     */
    private String json(LogRecord record, String time, String level, String message) {
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("@timestamp", time);
        line.put("log.level", level);
        line.put("message", message);
        line.put("ecs.version", ECS_VERSION);
        line.put("service.name", service);
        line.put("service.version", ProductVersion.current().version());
        line.put("log.logger", record.getLoggerName());
        line.put(
                "process.thread.name",
                record instanceof EventRecord event ? event.threadName() : LoggingThread.name(Thread.currentThread()));
        SpanContext span = span(record);
        if (span.isValid()) {
            line.put("trace.id", span.getTraceId());
            line.put("span.id", span.getSpanId());
        }
        if (record instanceof EventRecord event) {
            line.put("event.action", event.event());
            event.fields().forEach((key, value) -> putTyped(line, EcsNames.eventField(key), value));
        }
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            line.put("error.type", thrown.getClass().getName());
            if (thrown.getMessage() != null) {
                line.put("error.message", thrown.getMessage());
            }
            line.put("error.stack_trace", String.join("\n", StackTraceLines.of(thrown)));
        }
        try {
            return JSON_LINE.writeValueAsString(line) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a log line that cannot be written as JSON: " + message, e);
        }
    }

    /** A number as a JSON number (one JSON cannot hold, NaN or infinite, as its text), a boolean as a boolean. */
    private static void putTyped(ObjectNode line, String key, Object value) {
        switch (value) {
            case Integer number -> line.put(key, number);
            case Long number -> line.put(key, number);
            case Short number -> line.put(key, number);
            case Byte number -> line.put(key, number);
            case BigInteger number -> line.put(key, number);
            case BigDecimal number -> line.put(key, number);
            case Double number when Double.isFinite(number) -> line.put(key, number);
            case Float number when Float.isFinite(number) -> line.put(key, number);
            case Boolean flag -> line.put(key, flag);
            default -> line.put(key, String.valueOf(value));
        }
    }

    /**
     * The span current where the record was made: a {@link LogEvent}'s from when it was logged; another's from this
     * thread, which a JDK handler formats on (invalid, so left out, while tracing is off).
     */
    private static SpanContext span(LogRecord record) {
        return record instanceof EventRecord event
                ? event.span()
                : Span.current().getSpanContext();
    }

    /** The System.Logger names: DEBUG, INFO, WARN, ERROR (JUL's FINE and SEVERE read oddly in a log). */
    static String levelName(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (value >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (value >= Level.INFO.intValue()) {
            return "INFO";
        }
        return value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }

    private static String shortName(String logger) {
        if (logger == null) {
            return "-";
        }
        return logger.substring(logger.lastIndexOf('.') + 1);
    }

    /** Jackson's JSON escapes, plus DEL, the C1 controls and U+2028/U+2029 as <code>&#92;uXXXX</code>. */
    private static final class ControlEscapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        ControlEscapes() {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int c) {
            return ControlCharacters.isControl(c) ? new SerializedString(String.format("\\u%04x", c)) : null;
        }
    }
}
