package io.productscanner.runtime.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A worker's own Redis connection against a real redis-server: replies, errors, lost scripts and connections. */
class RedisLaneTest {
    private static EmbeddedRedis server;
    private static RedisConnections lettuce;
    private static RedisCommands<String, String> commands;

    @BeforeAll
    static void startRedis() throws Exception {
        // CLIENT KILL: the tests break connections as a restart or a network cut would
        server = EmbeddedRedis.start(EmbeddedRedis.Options.throwaway().allowing("client|kill"));
        lettuce = RedisConnections.connect(server.uri());
        commands = lettuce.commands();
    }

    @AfterAll
    static void stopRedis() {
        lettuce.close();
        server.close();
    }

    private static RedisScript script(String source) {
        return RedisScript.fromSource("test.lua", source);
    }

    /** A script spinning for a second, from another client: Redis answers no one meanwhile (as DEBUG SLEEP 1). */
    private static CompletableFuture<String> blockRedisForASecond(RedisConnections other) {
        return other.shared().async().<String>eval("""
                local start = redis.call('TIME')
                repeat
                    local now = redis.call('TIME')
                until (now[1] - start[1]) * 1000000 + (now[2] - start[2]) >= 1000000
                return 'OK'""", ScriptOutputType.STATUS).toCompletableFuture();
    }

    /** The calling thread's CPU time so far (Linux: the first field of /proc/thread-self/schedstat). */
    private static long threadCpuNanos() {
        try {
            return Long.parseLong(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/schedstat"))
                    .split(" ")[0]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static RedisLane lane(RedisURI uri) {
        return RedisLane.open(uri, new LongAdder()).orElseThrow();
    }

    @Test
    void repliesArriveAsLuaReturnedThemTablesNumbersStringsAndNil() {
        RedisScript echo = script("return {tonumber(ARGV[1]), ARGV[2], {KEYS[1], false}, -7, ARGV[3]}");
        String big = "가".repeat(20_000);
        try (RedisLane lane = lane(server.uri())) {
            List<?> reply = (List<?>) echo.run(lane, new String[]{"k:1"}, new String[]{"42", "상품 ✓", big});
            assertEquals(42L, reply.get(0));
            assertEquals("상품 ✓", reply.get(1), "non-ASCII arguments go out and come back as UTF-8");
            assertEquals(Arrays.asList("k:1", null), reply.get(2), "Lua false is nil inside a table");
            assertEquals(-7L, reply.get(3));
            assertEquals(big, reply.get(4), "a reply larger than the read buffer arrives whole");
            assertNull(script("return nil").run(lane, new String[0], new String[0]));
            assertEquals("OK", script("return redis.status_reply('OK')").run(lane, new String[0], new String[0]));
        }
    }

    @Test
    void threadsSharingALaneEachGetTheirOwnRepliesInOrder() throws Exception {
        RedisScript echo = script("return {ARGV[1], redis.call('INCR', KEYS[1])}");
        int threads = 8;
        int callsEach = 2_000;
        LongAdder calls = new LongAdder();
        try (RedisLane lane = RedisLane.open(server.uri(), calls).orElseThrow();
             var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            echo.run(lane, new String[]{"lane:loading"}, new String[]{"load"});
            calls.reset();
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String me = "thread-" + t;
                results.add(pool.submit(() -> {
                    long previous = 0;
                    for (int i = 0; i < callsEach; i++) {
                        List<?> reply = (List<?>) echo.run(lane, new String[]{"lane:" + me},
                                new String[]{me + ":" + i});
                        assertEquals(me + ":" + i, reply.get(0), "a reply went to the wrong caller");
                        long count = (Long) reply.get(1);
                        assertEquals(previous + 1, count, "each thread's calls ran once each, in its order");
                        previous = count;
                    }
                    return callsEach;
                }));
            }
            for (var result : results) {
                assertEquals(callsEach, result.get(2, TimeUnit.MINUTES));
            }
        }
        assertEquals(threads * callsEach, calls.sum());
    }

    @Test
    void aConnectionBrokenUnderManyCallersFailsTheirCallsAndTheLaneGoesOn() throws Exception {
        RedisScript slowEcho = script("local t = redis.call('TIME') return ARGV[1]");
        int threads = 6;
        try (RedisLane lane = lane(server.uri());
             var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            LongAdder failures = new LongAdder();
            List<java.util.concurrent.Future<?>> callers = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String me = "caller-" + t;
                callers.add(pool.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        try {
                            assertEquals(me + i, slowEcho.run(lane, new String[0], new String[]{me + i}));
                        } catch (RedisConnectionException e) {
                            failures.increment();
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(200);
            commands.clientKill(KillArgs.Builder.typeNormal().skipme());
            Thread.sleep(300);
            stop.set(true);
            for (var caller : callers) {
                caller.get(30, TimeUnit.SECONDS);
            }
            assertTrue(failures.sum() >= 1, "the calls in flight when the connection broke failed");
            assertEquals("after", slowEcho.run(lane, new String[0], new String[]{"after"}));
        }
    }

    @Test
    void aScriptRedisHasForgottenIsLoadedAgainAndTheCallMadeOnce() {
        RedisScript incr = script("return redis.call('INCR', KEYS[1])");
        try (RedisLane lane = lane(server.uri())) {
            assertEquals(1L, incr.run(lane, new String[]{"lane:counter"}, new String[0]));
            commands.scriptFlush();
            assertEquals(2L, incr.run(lane, new String[]{"lane:counter"}, new String[0]),
                    "after SCRIPT FLUSH (a restarted Redis) the script runs once, not twice");
            assertEquals("2", commands.get("lane:counter"));
        }
    }

    @Test
    void aFailingScriptIsAnErrorAndTheLaneStaysUsable() {
        try (RedisLane lane = lane(server.uri())) {
            RedisCommandExecutionException failed = assertThrows(RedisCommandExecutionException.class,
                    () -> script("return redis.call('NOSUCHCOMMAND')").run(lane, new String[0], new String[0]));
            assertTrue(failed.getMessage().contains("Unknown Redis command"), failed.getMessage());
            assertEquals(5L, script("return 5").run(lane, new String[0], new String[0]));
        }
    }

    @Test
    void aBrokenConnectionFailsTheCallAndTheNextCallReconnects() {
        RedisScript name = script("return 1");
        LongAdder calls = new LongAdder();
        try (RedisLane lane = RedisLane.open(server.uri(), calls).orElseThrow()) {
            assertEquals(1L, name.run(lane, new String[0], new String[0]));
            // every lane connection but Lettuce's own: kill them as a Redis restart or a network cut would
            commands.clientKill(KillArgs.Builder.typeNormal().skipme());
            assertThrows(RedisConnectionException.class, () -> name.run(lane, new String[0], new String[0]));
            assertEquals(1L, name.run(lane, new String[0], new String[0]), "the next call reconnects");
        }
        assertEquals(3, calls.sum(), "each call counted as one round trip");
    }

    @Test
    void aCallWhileRedisRestartsWaitsForItWithinTheTimeout(@TempDir Path data) throws Exception {
        // a data folder, so the restarted Redis keeps its password
        EmbeddedRedis restarting = EmbeddedRedis.start(EmbeddedRedis.Options.throwaway().persistedIn(data));
        int port = restarting.port();
        RedisScript one = script("return 1");
        try (RedisLane lane = lane(restarting.uri())) {
            assertEquals(1L, one.run(lane, new String[0], new String[0]));
            restarting.close();
            assertThrows(RedisConnectionException.class, () -> one.run(lane, new String[0], new String[0]),
                    "a call on the connection Redis closed fails: it may or may not have run");
            CompletableFuture<Object> call = CompletableFuture.supplyAsync(
                    () -> one.run(lane, new String[0], new String[0]));
            Thread.sleep(500);
            restarting = EmbeddedRedis.start(EmbeddedRedis.Options.throwaway().onPort(port).persistedIn(data));
            assertEquals(1L, call.get(10, TimeUnit.SECONDS), "the call went through once Redis was back");
        } finally {
            restarting.close();
        }
        RedisURI gone = RedisURI.create("redis://127.0.0.1:" + port);
        gone.setTimeout(Duration.ofMillis(400));
        try (RedisLane lane = lane(gone)) {
            assertThrows(RedisConnectionException.class, () -> one.run(lane, new String[0], new String[0]),
                    "no Redis within the timeout");
        }
    }

    @Test
    void noReplyWithinTheTimeoutIsATimeoutAndTheLaneRecovers() throws Exception {
        RedisURI impatient = server.uri();
        impatient.setTimeout(Duration.ofMillis(300));
        RedisScript one = script("return 1");
        try (RedisLane lane = lane(impatient)) {
            assertEquals(1L, one.run(lane, new String[0], new String[0]));
            try (RedisConnections other = RedisConnections.connect(server.uri())) {
                CompletableFuture<String> sleep = blockRedisForASecond(other);
                Thread.sleep(50);
                assertThrows(RedisCommandTimeoutException.class,
                        () -> one.run(lane, new String[0], new String[0]));
                sleep.get(5, TimeUnit.SECONDS);
            }
            assertEquals(1L, one.run(lane, new String[0], new String[0]), "a late reply is never mistaken");
        }
    }

    @Test
    void anInterruptedCallerWaitsForItsReplyAsleepAndKeepsTheInterrupt() throws Exception {
        RedisScript one = script("return 1");
        try (RedisLane lane = lane(server.uri());
             RedisConnections other = RedisConnections.connect(server.uri());
             var callers = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            assertEquals(1L, one.run(lane, new String[0], new String[0]));
            CompletableFuture<String> sleep = blockRedisForASecond(other);
            Thread.sleep(50);
            // the first caller reads (blocked until Redis answers); the second waits as a follower, interrupted
            var leader = callers.submit(() -> one.run(lane, new String[0], new String[0]));
            Thread.sleep(100);
            var follower = callers.submit(() -> {
                Thread.currentThread().interrupt();
                long cpuBefore = threadCpuNanos();
                long startedNanos = System.nanoTime();
                Object reply = one.run(lane, new String[0], new String[0]);
                long cpu = threadCpuNanos() - cpuBefore;
                long waited = System.nanoTime() - startedNanos;
                boolean stillInterrupted = Thread.interrupted();
                return new long[]{(Long) reply, cpu, waited, stillInterrupted ? 1 : 0};
            });
            long[] followed = follower.get(10, TimeUnit.SECONDS);
            assertEquals(1L, leader.get(10, TimeUnit.SECONDS));
            assertEquals(1L, followed[0]);
            assertEquals(1L, followed[3], "the interrupt is kept for the caller");
            assertTrue(followed[2] > TimeUnit.MILLISECONDS.toNanos(300), "the follower did wait for Redis");
            assertTrue(followed[1] < followed[2] / 4, "a follower sleeps while it waits: " + followed[1] / 1_000_000
                    + " ms of CPU in " + followed[2] / 1_000_000 + " ms");
            sleep.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void closingTheLaneEndsACallBlockedInIt() throws Exception {
        RedisLane lane = lane(server.uri());
        RedisScript one = script("return 1");
        assertEquals(1L, one.run(lane, new String[0], new String[0]));
        try (RedisConnections other = RedisConnections.connect(server.uri())) {
            CompletableFuture<String> sleep = blockRedisForASecond(other);
            Thread.sleep(50);
            CompletableFuture<Object> call = CompletableFuture.supplyAsync(
                    () -> one.run(lane, new String[0], new String[0]));
            Thread.sleep(100);
            lane.close();
            var failure = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> call.get(5, TimeUnit.SECONDS));
            assertInstanceOf(RedisConnectionException.class, failure.getCause());
            sleep.get(5, TimeUnit.SECONDS);
        }
        assertThrows(RedisConnectionException.class, () -> one.run(lane, new String[0], new String[0]),
                "a closed lane stays closed");
    }

    @Test
    void aPasswordAndADatabaseFromTheUriAreUsed() {
        try (RedisConnections other = RedisConnections.connect(server.uri())) {
            RedisScript set = script("redis.call('SET', KEYS[1], ARGV[1]) return redis.call('GET', KEYS[1])");
            try (RedisLane lane = lane(RedisURI.create(server.url() + "/3"))) {
                assertEquals("v", set.run(lane, new String[]{"lane:db"}, new String[]{"v"}));
            }
            RedisCommands<String, String> otherCommands = other.commands();
            otherCommands.select(3);
            assertEquals("v", otherCommands.get("lane:db"), "written in database 3");
            try (RedisLane wrong = lane(RedisURI.create("redis://nope@127.0.0.1:" + server.port()))) {
                RedisCommandExecutionException refused = assertThrows(RedisCommandExecutionException.class,
                        () -> set.run(wrong, new String[]{"k"}, new String[]{"v"}));
                assertTrue(refused.getMessage().contains("WRONGPASS") || refused.getMessage().contains("invalid"),
                        refused.getMessage());
            }
            try (RedisLane none = lane(RedisURI.create("redis://127.0.0.1:" + server.port()))) {
                RedisCommandExecutionException refused = assertThrows(RedisCommandExecutionException.class,
                        () -> set.run(none, new String[]{"k"}, new String[]{"v"}));
                assertTrue(refused.getMessage().startsWith("NOAUTH"), refused.getMessage());
            }
        }
    }

    @Test
    void onlyPlainTcpRedisGetsALane() {
        assertTrue(RedisLane.supports(RedisURI.create("redis://127.0.0.1:6379")));
        assertTrue(RedisLane.supports(RedisURI.create("redis://user:pw@redis.internal:6379/2")));
        assertFalse(RedisLane.supports(RedisURI.create("rediss://redis.internal:6380")), "TLS: Lettuce's job");
        assertFalse(RedisLane.supports(RedisURI.create("redis-socket:///run/redis.sock")));
        assertFalse(RedisLane.supports(RedisURI.create("redis-sentinel://sentinel:26379#mymaster")));
        assertTrue(lettuce.openLane().isPresent());
    }
}
