package io.productscanner.runtime.logging;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Structured log lines: {@code event=job.started job_id=… platform=…}, one line per event. Values holding
 * spaces are quoted and null values left out, so logs can be grepped and parsed by key. Fields come as
 * key, value pairs; a trailing {@link Throwable} is logged with its stack trace. A value with a control
 * character ({@link ControlCharacters}) is quoted with the control escaped ({@code \r}, <code>&#92;u001b</code>):
 * values come from callers and sites, and none may end the line or drive the terminal that shows it.
 *
 * <p>The record handed to the JDK's logging keeps the fields with their types beside that text ({@link
 * EventRecord}), so {@code LOG_FORMAT=json} writes a number as a number and a boolean as a boolean.
 */
public final class LogEvent {
    /** The JDK logger behind each System.Logger name, held so its level and handlers stay as configured. */
    private static final Map<String, Logger> LOGGERS = new ConcurrentHashMap<>();

    private LogEvent() {}

    public static void info(System.Logger logger, String event, Object... fields) {
        log(logger, System.Logger.Level.INFO, event, fields);
    }

    public static void debug(System.Logger logger, String event, Object... fields) {
        log(logger, System.Logger.Level.DEBUG, event, fields);
    }

    public static void warn(System.Logger logger, String event, Object... fields) {
        log(logger, System.Logger.Level.WARNING, event, fields);
    }

    public static void error(System.Logger logger, String event, Object... fields) {
        log(logger, System.Logger.Level.ERROR, event, fields);
    }

    public static void log(System.Logger logger, System.Logger.Level level, String event, Object... fields) {
        if (!logger.isLoggable(level)) {
            return;
        }
        Throwable thrown = fields.length % 2 == 1 && fields[fields.length - 1] instanceof Throwable t ? t : null;
        Map<String, Object> typed = new LinkedHashMap<>();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            if (fields[i + 1] != null) {
                typed.put(String.valueOf(fields[i]), fields[i + 1]);
            }
        }
        EventRecord record = new EventRecord(julLevel(level), format(event, fields), event, typed);
        record.setLoggerName(logger.getName());
        record.setThrown(thrown);
        // a lambda, not Logger::getLogger: getLogger looks at its caller, and from inside the map that is the JDK's
        // own code, which gets the JDK's system logger of that name instead of the one the process configured
        LOGGERS.computeIfAbsent(logger.getName(), name -> Logger.getLogger(name))
                .log(record);
    }

    /** As the JDK maps System.Logger's levels onto its own logging's. */
    private static Level julLevel(System.Logger.Level level) {
        return switch (level) {
            case ALL -> Level.ALL;
            case TRACE -> Level.FINER;
            case DEBUG -> Level.FINE;
            case INFO -> Level.INFO;
            case WARNING -> Level.WARNING;
            case ERROR -> Level.SEVERE;
            case OFF -> Level.OFF;
        };
    }

    static String format(String event, Object... fields) {
        StringBuilder line = new StringBuilder("event=").append(event);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            if (fields[i + 1] == null) {
                continue;
            }
            line.append(' ').append(fields[i]).append('=').append(value(fields[i + 1]));
        }
        return line.toString();
    }

    /**
     * The fields of a line {@link #format} wrote, {@code event} first, values unquoted; empty for any other line
     * (a library's message).
     */
    public static Map<String, String> parse(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (line == null || !line.startsWith("event=")) {
            return fields;
        }
        int i = 0;
        while (i < line.length()) {
            int equals = line.indexOf('=', i);
            if (equals < 0) {
                return Map.of(); // not ours after all
            }
            String key = line.substring(i, equals);
            StringBuilder value = new StringBuilder();
            i = equals + 1;
            if (i < line.length() && line.charAt(i) == '"') {
                for (i++; i < line.length() && line.charAt(i) != '"'; i++) {
                    char c = line.charAt(i);
                    if (c == '\\' && i + 1 < line.length()) {
                        i = unescape(line, i + 1, value);
                    } else {
                        value.append(c);
                    }
                }
                i++; // the closing quote
            } else {
                int end = line.indexOf(' ', i);
                end = end < 0 ? line.length() : end;
                value.append(line, i, end);
                i = end;
            }
            fields.put(key, value.toString());
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
        }
        return fields;
    }

    /** Reads the escape whose letter is at {@code at} into {@code value}; returns the index of its last character. */
    private static int unescape(String line, int at, StringBuilder value) {
        char letter = line.charAt(at);
        switch (letter) {
            case 'n' -> value.append('\n');
            case 'r' -> value.append('\r');
            case 't' -> value.append('\t');
            case 'u' -> {
                if (at + 4 < line.length()) {
                    try {
                        value.append((char) Integer.parseInt(line, at + 1, at + 5, 16));
                        return at + 4;
                    } catch (NumberFormatException notAnEscape) {
                        // a lone u, as written
                    }
                }
                value.append(letter);
            }
            default -> value.append(letter);
        }
        return at;
    }

    private static String value(Object value) {
        String text = String.valueOf(value);
        if (!text.isEmpty()
                && text.chars().noneMatch(c -> c == ' ' || c == '"' || c == '=' || ControlCharacters.isControl(c))) {
            return text;
        }
        StringBuilder quoted = new StringBuilder(text.length() + 8).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == '"') {
                quoted.append('\\').append(c);
            } else {
                ControlCharacters.appendEscaped(quoted, c);
            }
        }
        return quoted.append('"').toString();
    }
}
