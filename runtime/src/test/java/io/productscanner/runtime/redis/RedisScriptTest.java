package io.productscanner.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.testing.ProductionLikeRedis;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scripts over the process's Lettuce connections (the one client path, the workers' per-job script included)
 * against a real redis-server: replies through the UTF-8 codec, many threads on one connection, a forgotten
 * script, a failing one, a Redis restart, and the password and database a URI names. The Redis 7 production runs,
 * in a container where Docker is ({@link ProductionLikeRedis}).
 */
class RedisScriptTest {
    private static final String[] NONE = new String[0];

    private static ProductionLikeRedis server;
    private static RedisConnections redis;
    private static RedisCommands<String, String> commands;

    @BeforeAll
    static void startRedis() throws Exception {
        server = ProductionLikeRedis.start();
        redis = RedisConnections.connect(server.uri());
        commands = redis.commands();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
        server.close();
    }

    private static RedisScript script(String source) {
        return RedisScript.fromSource("test.lua", source);
    }

    @Test
    void repliesArriveAsLuaReturnedThemTablesNumbersStringsAndNil() {
        RedisScript echo = script("return {tonumber(ARGV[1]), ARGV[2], {KEYS[1], false}, -7, ARGV[3]}");
        String big = "가".repeat(20_000);
        List<Object> reply = echo.run(commands, ScriptOutputType.MULTI, new String[] {"k:1"}, "42", "상품 ✓", big);
        assertEquals(42L, reply.get(0));
        assertEquals("상품 ✓", reply.get(1), "non-ASCII arguments go out and come back as UTF-8");
        assertEquals(Arrays.asList("k:1", null), reply.get(2), "Lua false is nil inside a table");
        assertEquals(-7L, reply.get(3));
        assertEquals(big, reply.get(4), "a reply larger than a network read arrives whole");
        assertNull(script("return nil").run(commands, ScriptOutputType.VALUE, NONE));
        commands.set("codec:키", "값 ✓");
        assertEquals("값 ✓", commands.get("codec:키"), "plain commands use the same codec");
    }

    @Test
    void threadsSharingTheConnectionEachGetTheirOwnRepliesInOrder() throws Exception {
        RedisScript echo = script("return {ARGV[1], redis.call('INCR', KEYS[1])}");
        int threads = 8;
        int callsEach = 1_000;
        try (var pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String me = "thread-" + t;
                results.add(pool.submit(() -> {
                    long previous = 0;
                    for (int i = 0; i < callsEach; i++) {
                        List<Object> reply =
                                echo.run(commands, ScriptOutputType.MULTI, new String[] {"shared:" + me}, me + ":" + i);
                        assertEquals(me + ":" + i, reply.get(0), "a reply went to the wrong caller");
                        long count = (Long) reply.get(1);
                        assertEquals(previous + 1, count, "each thread's calls ran once each, in its order");
                        previous = count;
                    }
                    return callsEach;
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(callsEach, result.get(2, TimeUnit.MINUTES));
            }
        }
    }

    @Test
    void aScriptRedisHasForgottenIsLoadedAgainAndTheCallMadeOnce() {
        RedisScript incr = script("return redis.call('INCR', KEYS[1])");
        assertEquals(1L, (Long) incr.run(commands, ScriptOutputType.INTEGER, new String[] {"forgotten:counter"}));
        commands.scriptFlush();
        assertEquals(
                2L,
                (Long) incr.run(commands, ScriptOutputType.INTEGER, new String[] {"forgotten:counter"}),
                "after SCRIPT FLUSH (a restarted Redis) the script runs once, not twice");
        assertEquals("2", commands.get("forgotten:counter"));
    }

    @Test
    void aFailingScriptIsAnErrorAndTheConnectionStaysUsable() {
        RedisCommandExecutionException failed = assertThrows(
                RedisCommandExecutionException.class,
                () -> script("return redis.call('NOSUCHCOMMAND')").run(commands, ScriptOutputType.VALUE, NONE));
        assertTrue(failed.getMessage().contains("Unknown Redis command"), failed.getMessage());
        assertEquals(5L, (Long) script("return 5").run(commands, ScriptOutputType.INTEGER, NONE));
    }

    @Test
    void aCallWhileRedisRestartsGoesThroughOnceItIsBack() throws Exception {
        // the same port and password after the restart; a local redis-server (see startLocal: a container's port
        // forwarder resets links while the Redis inside starts, which would cut the held call)
        ProductionLikeRedis restarting = ProductionLikeRedis.startLocal();
        RedisScript one = script("return 1");
        try (RedisConnections client = RedisConnections.connect(restarting.uri())) {
            assertEquals(1L, (Long) one.run(client.commands(), ScriptOutputType.INTEGER, NONE));
            restarting.stop();
            // a call already on the wire when the link drops fails (Redis may have run it); this one is made once
            // the client knows Redis is away, so it is held and sent after the reconnect
            long noticeBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (client.shared().isOpen() && System.nanoTime() < noticeBy) {
                Thread.sleep(20);
            }
            assertFalse(client.shared().isOpen(), "the client noticed that Redis went away");
            CompletableFuture<Long> call =
                    CompletableFuture.supplyAsync(() -> one.run(client.commands(), ScriptOutputType.INTEGER, NONE));
            Thread.sleep(500);
            restarting.startAgain();
            assertEquals(
                    1L,
                    call.get(10, TimeUnit.SECONDS),
                    "held while Redis was away, sent once it was back (and the script loaded again)");
        } finally {
            restarting.close();
        }
    }

    @Test
    void aPasswordAndADatabaseFromTheUriAreUsed() {
        RedisScript set = script("redis.call('SET', KEYS[1], ARGV[1]) return redis.call('GET', KEYS[1])");
        try (RedisConnections inDatabase3 = RedisConnections.connect(RedisURI.create(server.url() + "/3"))) {
            assertEquals("v", set.run(inDatabase3.commands(), ScriptOutputType.VALUE, new String[] {"db:key"}, "v"));
        }
        try (RedisConnections other = RedisConnections.connect(server.uri())) {
            RedisCommands<String, String> otherCommands = other.commands();
            otherCommands.select(3);
            assertEquals("v", otherCommands.get("db:key"), "written in database 3");
        }
        RedisException refused = assertThrows(RedisException.class, () -> {
            try (RedisConnections wrong =
                    RedisConnections.connect(RedisURI.create("redis://nope@127.0.0.1:" + server.port()))) {
                set.run(wrong.commands(), ScriptOutputType.VALUE, new String[] {"k"}, "v");
            }
        });
        assertTrue(
                String.valueOf(refused.getMessage()).contains("WRONGPASS")
                        || String.valueOf(refused.getCause()).contains("WRONGPASS"),
                String.valueOf(refused));
    }
}
