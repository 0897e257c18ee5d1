package io.productscanner.runtime.worker;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.redis.RedisKeys;
import java.util.HashMap;
import java.util.Map;

/**
 * Blocks on the wake lists of every platform this process serves (one BLPOP over all of them, on a
 * connection of its own) and wakes the matching platform worker, so a job enqueued to an idle platform starts
 * within milliseconds instead of after a poll interval.
 */
final class WakeListener implements Runnable {
    private static final System.Logger LOG = System.getLogger(WakeListener.class.getName());
    /** Seconds one BLPOP may block; bounds how long shutdown waits for this thread. */
    private static final long BLOCK_SECONDS = 1;

    private final StatefulRedisConnection<String, String> connection;
    private final Map<String, WakeSignal> signalsByKey;
    private volatile boolean running = true;

    WakeListener(
            StatefulRedisConnection<String, String> connection,
            RedisKeys keys,
            Map<String, WakeSignal> signalsByPlatform) {
        this.connection = connection;
        this.signalsByKey = new HashMap<>();
        signalsByPlatform.forEach((platform, signal) -> signalsByKey.put(keys.wake(platform), signal));
    }

    @Override
    public void run() {
        String[] wakeKeys = signalsByKey.keySet().toArray(String[]::new);
        while (running) {
            try {
                KeyValue<String, String> woken = connection.sync().blpop(BLOCK_SECONDS, wakeKeys);
                if (woken != null && woken.hasValue()) {
                    signalsByKey.get(woken.getKey()).signal();
                }
            } catch (RedisException e) {
                if (!running) {
                    return;
                }
                // Redis unreachable: the workers' safety-net poll keeps going; retry the wait shortly
                LogEvent.warn(LOG, "wake_listener.error", "error", e.getMessage());
                sleepQuietly();
            }
        }
    }

    void stop() {
        running = false;
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
