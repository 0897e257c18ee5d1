package io.productscanner.runtime.logging;

import io.productscanner.runtime.config.Setting;
import io.productscanner.runtime.config.Settings;
import java.util.Locale;
import java.util.logging.Level;

/**
 * How this process logs.
 *
 * @param level   {@code LOG_LEVEL}: a JDK level, or {@code DEBUG}, {@code WARN} or {@code ERROR} as other loggers
 *                name them
 * @param format  {@code LOG_FORMAT}: {@code text} (key=value lines) or {@code json} (one object per line)
 * @param service {@code SERVICE_NAME}, on every line
 * @param accessLog {@code ACCESS_LOG}: {@code on} (the default) or {@code off}, a line per API request
 */
public record LoggingConfig(Level level, StructuredLogFormatter.Format format, String service, boolean accessLog) {
    /** The logger of the API's access log: its own name, so it can be silenced or routed apart. */
    public static final String ACCESS_LOGGER = "io.productscanner.access";

    /** {@code quiet} for the client commands, which log warnings only whatever {@code LOG_LEVEL} says. */
    public static LoggingConfig from(Settings settings, boolean quiet) {
        return new LoggingConfig(
                quiet ? Level.WARNING : settings.value(Setting.LOG_LEVEL, LoggingConfig::level),
                settings.value(Setting.LOG_FORMAT, value -> switch (value.toLowerCase(Locale.ROOT)) {
                    case "text", "json" -> StructuredLogFormatter.Format.named(value);
                    default -> throw new IllegalArgumentException("must be text or json");
                }),
                settings.string(Setting.SERVICE_NAME),
                settings.value(Setting.ACCESS_LOG, value -> switch (value.toLowerCase(Locale.ROOT)) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw new IllegalArgumentException("must be on or off");
                }));
    }

    private static Level level(String name) {
        return Level.parse(
                switch (name.toUpperCase(Locale.ROOT)) {
                    case "DEBUG" -> "FINE";
                    case "WARN" -> "WARNING";
                    case "ERROR" -> "SEVERE";
                    default -> name.toUpperCase(Locale.ROOT);
                });
    }
}
