package io.productscanner.runtime.logging;

/**
 * Structured log lines: {@code event=job.started job_id=… platform=…}, one line per event. Values holding
 * spaces are quoted and null values left out, so logs can be grepped and parsed by key. Fields come as
 * key, value pairs; a trailing {@link Throwable} is logged with its stack trace.
 */
public final class LogEvent {
    private LogEvent() {
    }

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
        String line = format(event, fields);
        if (thrown == null) {
            logger.log(level, line);
        } else {
            logger.log(level, line, thrown);
        }
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

    private static String value(Object value) {
        String text = String.valueOf(value);
        if (text.isEmpty() || text.chars().anyMatch(c -> c == ' ' || c == '"' || c == '=' || c < 0x20)) {
            return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
        }
        return text;
    }
}
