package io.productscanner.runtime.logging;

import io.helidon.logging.common.LogConfig;
import java.util.logging.Level;
import java.util.logging.Logger;

/** How a process logs, set once before its command runs: level, line format and service name. */
public final class LogSetup {
    /** Held: the JDK keeps a logger's level only while someone holds the logger. */
    private static final Logger ACCESS = Logger.getLogger(LoggingConfig.ACCESS_LOGGER);

    private LogSetup() {}

    /**
     * @param quiet for client commands: their stdout holds only their answer ({@code --json} output stays
     *              parseable), so they keep the JDK's handler, on stderr, instead of Helidon's, on stdout
     */
    public static void configure(LoggingConfig logging, boolean quiet) {
        if (!quiet) {
            LogConfig.configureRuntime();
        }
        Level level = logging.level();
        Logger root = Logger.getLogger("");
        root.setLevel(level);
        var formatter = new StructuredLogFormatter(logging.format(), logging.service());
        for (var handler : root.getHandlers()) {
            handler.setLevel(level);
            handler.setFormatter(formatter);
        }
        // Netty and Helidon internals stay at INFO or above unless asked for
        Logger.getLogger("io.netty").setLevel(Level.INFO.intValue() < level.intValue() ? level : Level.INFO);
        if (!logging.accessLog()) {
            ACCESS.setLevel(Level.OFF);
        }
    }
}
