package io.productscanner.runtime.logging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.json.Json;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One line per log record, carrying time, level, service, platform, job id and message. {@code text}:
 * {@code 2026-11-29T08:00:00.123Z INFO service=worker-musinsa PlatformWorker event=job.started job_id=… platform=…};
 * {@code json}: one object per line with {@code time, level, service, platform, job_id, logger, event, message}
 * and the event's other fields, for log shippers that read JSON lines.
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
        if (record.getThrown() != null) {
            for (String traceLine : StackTraceLines.of(record.getThrown())) {
                line.append(System.lineSeparator()).append(CONTINUATION).append(traceLine);
            }
        }
        return line.append(System.lineSeparator()).toString();
    }

    private String json(LogRecord record, String time, String level, String message) {
        Map<String, String> fields = LogEvent.parse(message);
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("time", time);
        line.put("level", level);
        line.put("service", service);
        line.put("platform", fields.get("platform"));
        line.put("job_id", fields.get("job_id"));
        line.put("logger", record.getLoggerName());
        line.put("event", fields.get("event"));
        line.put("message", message);
        fields.forEach((key, value) -> {
            if (!line.has(key)) {
                line.put(key, value);
            }
        });
        if (record.getThrown() != null) {
            line.put("exception", String.join("\n", StackTraceLines.of(record.getThrown())));
        }
        try {
            return JSON_LINE.writeValueAsString(line) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a log line that cannot be written as JSON: " + message, e);
        }
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
