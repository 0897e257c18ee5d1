package io.productscanner.runtime.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;
import io.opentelemetry.api.trace.SpanContext;
import io.productscanner.runtime.logging.LoggingConfig;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** A log that cannot keep up costs requests nothing: what its queue cannot hold is dropped and counted. */
class AccessLogTest {
    private static final Logger ACCESS = Logger.getLogger(LoggingConfig.ACCESS_LOGGER);

    @Test
    void recordsAFullQueueCannotHoldAreDroppedAndCountedNeverWaitedFor() throws Exception {
        MeterRegistry registry = Services.get(MeterRegistry.class);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger written = new AtomicInteger();
        Handler stuck = new Handler() {
            @Override
            public void publish(LogRecord record) {
                try {
                    release.await(); // an output that stopped taking lines
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                written.incrementAndGet();
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        stuck.setLevel(Level.ALL);
        ACCESS.addHandler(stuck);
        ACCESS.setUseParentHandlers(false);
        try {
            AccessLog log = new AccessLog(registry);
            Counter dropped = registry.getOrCreate(Counter.builder(AccessLog.DROPPED));
            long before = dropped.count();
            int offered = AccessLog.CAPACITY + 100;
            for (int i = 0; i < offered; i++) {
                log.offer(new AccessRecord(
                        "GET",
                        "/api/v2/workers",
                        200,
                        1000,
                        100,
                        CallerKind.OTHER,
                        null,
                        null,
                        SpanContext.getInvalid()));
            }
            long droppedNow = dropped.count() - before;
            // the writer holds at most one record, stuck in the output; the queue holds CAPACITY
            assertTrue(droppedNow >= 99 && droppedNow <= 100, "dropped " + droppedNow);
            release.countDown();
            log.close();
            assertEquals(offered - droppedNow, written.get(), "every record kept is written, on close too");
        } finally {
            release.countDown();
            ACCESS.removeHandler(stuck);
            ACCESS.setUseParentHandlers(true);
        }
    }
}
