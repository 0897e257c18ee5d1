package io.productscanner.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.redis.EmbeddedRedis;
import io.productscanner.runtime.redis.RedisConnections;
import org.junit.jupiter.api.Test;

/** The round trips {@code bench queue} reports: what clients send, from Redis's MONITOR, scripts' commands left out. */
class RedisMonitorTest {
    @Test
    void countsTheCommandsClientsSendButNotTheOnesScriptsRun() throws Exception {
        try (EmbeddedRedis redis =
                        EmbeddedRedis.start(EmbeddedRedis.Options.throwaway().allowing("monitor"));
                RedisConnections client = RedisConnections.connect(redis.uri());
                RedisMonitor monitor = RedisMonitor.start(redis.uri())) {
            RedisCommands<String, String> commands = client.commands();
            Runnable marker = () -> commands.echo(RedisMonitor.MARKER);
            long before = monitor.clientCommandsAfter(marker);

            commands.set("a", "1");
            commands.get("a");
            // one request, three commands inside it
            commands.eval(
                    "redis.call('INCR', KEYS[1]); redis.call('INCR', KEYS[1]); return redis.call('GET', KEYS[1])",
                    ScriptOutputType.VALUE,
                    "b");

            assertEquals(3, monitor.clientCommandsAfter(marker) - before);
        }
    }
}
