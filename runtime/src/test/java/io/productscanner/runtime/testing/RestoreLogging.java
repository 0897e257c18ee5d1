package io.productscanner.runtime.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Puts the JVM's logging back as it was after each test: a command run in-process sets the levels and formats a
 * process would, and the other tests of the same JVM must not log under them.
 */
public final class RestoreLogging implements BeforeEachCallback, AfterEachCallback {
    private record HandlerState(Handler handler, Level level, Formatter formatter) {}

    private Level rootLevel;
    private Level nettyLevel;
    private final List<HandlerState> handlers = new ArrayList<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        nettyLevel = Logger.getLogger("io.netty").getLevel();
        handlers.clear();
        for (Handler handler : root.getHandlers()) {
            handlers.add(new HandlerState(handler, handler.getLevel(), handler.getFormatter()));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Logger root = Logger.getLogger("");
        root.setLevel(rootLevel);
        Logger.getLogger("io.netty").setLevel(nettyLevel);
        for (HandlerState state : handlers) {
            state.handler().setLevel(state.level());
            if (state.formatter() != null) {
                state.handler().setFormatter(state.formatter());
            }
        }
    }
}
