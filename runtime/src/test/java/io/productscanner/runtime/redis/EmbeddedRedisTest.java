package io.productscanner.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisCommandExecutionException;
import io.productscanner.runtime.testing.RawRedisClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded Redis as any local user meets it (issue 17 item 3): real redis-server processes, reached over
 * loopback without the password, with it, and after a restart on the same data folder.
 */
class EmbeddedRedisTest {
    /** Commands that would let a password holder write files, load code, replicate, stop or wipe Redis. */
    private static final List<List<String>> DANGEROUS = List.of(
            List.of("CONFIG", "SET", "dir", "/tmp"),
            List.of("CONFIG", "SET", "dbfilename", "authorized_keys"),
            List.of("CONFIG", "GET", "*"),
            List.of("FLUSHALL"),
            List.of("FLUSHDB"),
            List.of("DEBUG", "SLEEP", "0"),
            List.of("MODULE", "LOAD", "/tmp/evil.so"),
            List.of("REPLICAOF", "127.0.0.1", "1"),
            List.of("SLAVEOF", "127.0.0.1", "1"),
            List.of("SAVE"),
            List.of("BGSAVE"),
            List.of("BGREWRITEAOF"),
            List.of("SHUTDOWN", "NOSAVE"),
            List.of("MONITOR"),
            List.of("KEYS", "*"),
            List.of("MIGRATE", "127.0.0.1", "1", "k", "0", "1000"),
            List.of("ACL", "SETUSER", "default", "nopass"),
            List.of("CLIENT", "KILL", "TYPE", "normal"));

    private static EmbeddedRedis server;

    @BeforeAll
    static void start() throws IOException {
        server = EmbeddedRedis.start(EmbeddedRedis.Options.throwaway());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aClientWithoutThePasswordIsRefusedEveryCommand() throws IOException {
        assertStrangersAreRefused(server);
    }

    @Test
    void withThePasswordTheRuntimesCommandsRunAndDangerousOnesAreRefused() throws IOException {
        assertLockedDown(server);
    }

    @Test
    void thePasswordIsNeitherOnTheCommandLineNorInTheConfigurationFile() throws IOException {
        ProcessHandle redisServer = ProcessHandle.current()
                .descendants()
                .filter(p -> Files.exists(Path.of("/proc/" + p.pid() + "/cmdline")))
                .filter(p ->
                        cmdline(p).contains(":" + server.port()) || cmdline(p).contains(" " + server.port()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no redis-server child on " + server.port()));
        String commandLine = cmdline(redisServer);
        assertFalse(commandLine.contains(server.password()), commandLine);
        // the configuration embedded-redis writes for it: embedded-redis-server_{port}*.conf in the temp folder
        Path configuration;
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            configuration = files.filter(p -> p.getFileName()
                            .toString()
                            .matches("embedded-redis-server_" + server.port() + "\\d*\\.conf"))
                    .findFirst()
                    .orElseThrow();
        }
        String configured = Files.readString(configuration);
        assertFalse(configured.contains(server.password()), "only its SHA-256 is written: " + configured);
        assertTrue(configured.contains(RedisPassword.aclHash(server.password())), configured);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(configuration)));
    }

    /** What {@code ps} shows of a process: its arguments, NUL-separated in /proc, joined by spaces. */
    private static String cmdline(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc/" + process.pid() + "/cmdline"))
                    .replace('\0', ' ')
                    .strip();
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void thePasswordFileIsOwnerOnlyAndKeptAcrossARestartWithTheData(@TempDir Path data) throws IOException {
        Path file = data.resolve(RedisPassword.FILE_NAME);
        String password;
        int port;
        try (EmbeddedRedis first =
                EmbeddedRedis.start(EmbeddedRedis.Options.throwaway().persistedIn(data))) {
            port = first.port();
            password = first.password();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals(password, Files.readString(file).strip());
            assertTrue(password.matches("[A-Za-z0-9_-]{43}"), "32 random bytes, base64url");
            try (var client = RedisConnections.connect(first.uri())) {
                client.commands().set("kept:across", "restart");
            }
        }
        try (EmbeddedRedis again = EmbeddedRedis.start(
                EmbeddedRedis.Options.throwaway().onPort(port).persistedIn(data))) {
            assertEquals(password, again.password(), "the same password after a restart");
            assertEquals(password, Files.readString(file).strip());
            try (var client = RedisConnections.connect(again.uri())) {
                assertEquals("restart", client.commands().get("kept:across"), "the append-only data is back");
            }
            try (RawRedisClient stranger = new RawRedisClient(again.port())) {
                assertTrue(stranger.call("GET", "kept:across").startsWith("-NOAUTH"));
            }
        }
    }

    @Test
    void aPasswordFileOthersCouldReadIsReplaced(@TempDir Path data) throws IOException {
        String old;
        try (EmbeddedRedis first =
                EmbeddedRedis.start(EmbeddedRedis.Options.throwaway().persistedIn(data))) {
            old = first.password();
        }
        Path file = data.resolve(RedisPassword.FILE_NAME);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (EmbeddedRedis again =
                EmbeddedRedis.start(EmbeddedRedis.Options.throwaway().persistedIn(data))) {
            assertNotEquals(old, again.password(), "a password others could read is no secret any more");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals(again.password(), Files.readString(file).strip());
            try (RawRedisClient stranger = new RawRedisClient(again.port())) {
                String reply = stranger.call("AUTH", old);
                assertTrue(reply.startsWith("-WRONGPASS") || reply.startsWith("-ERR"), reply);
            }
        }
    }

    @Test
    void aPasswordFileHoldingAChosenWeakPasswordIsReplaced(@TempDir Path data) throws IOException {
        Path file = data.resolve(RedisPassword.FILE_NAME);
        Files.writeString(file, "hunter2\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        try (EmbeddedRedis redis =
                        EmbeddedRedis.start(EmbeddedRedis.Options.throwaway().persistedIn(data));
                RawRedisClient guesser = new RawRedisClient(redis.port())) {
            assertTrue(redis.password().matches("[A-Za-z0-9_-]{43}"), "a generated one instead");
            assertEquals(redis.password(), Files.readString(file).strip());
            assertFalse(guesser.call("AUTH", "hunter2").startsWith("+OK"));
        }
    }

    @Test
    void theSystemsRedisServerRunsWhenThereIsOne() throws IOException {
        RedisBinary chosen = RedisBinary.choose(RedisBinary.AUTO, System.getenv("PATH"));
        assertEquals(
                RedisBinary.Source.SYSTEM,
                chosen.source(),
                "redis-server is a test prerequisite (scripts/install-test-prerequisites.sh): " + chosen);
        assertEquals(chosen, server.binary(), "tests run on the system's Redis");
    }

    @Test
    void withoutASystemRedisServerTheBundledOneRunsWithAWarning(@TempDir Path emptyPath) throws IOException {
        try (LogCapture log = new LogCapture()) {
            RedisBinary chosen = RedisBinary.choose(RedisBinary.AUTO, emptyPath.toString());
            assertEquals(RedisBinary.Source.BUNDLED, chosen.source());
            assertTrue(chosen.version().startsWith("6.2."), chosen.version());
            assertTrue(log.has(Level.WARNING, "embedded_redis.bundled_fallback"), log.lines());
        }
        try (EmbeddedRedis bundled =
                EmbeddedRedis.start(EmbeddedRedis.Options.throwaway().binary(RedisBinary.BUNDLED))) {
            assertEquals(RedisBinary.Source.BUNDLED, bundled.binary().source());
            assertStrangersAreRefused(bundled);
            assertLockedDown(bundled);
        }
        try (EmbeddedRedis withInfo = EmbeddedRedis.start(EmbeddedRedis.Options.throwaway()
                        .binary(RedisBinary.BUNDLED)
                        .allowing("info"));
                var client = RedisConnections.connect(withInfo.uri())) {
            assertTrue(
                    client.commands().info("server").contains("redis_version:6.2."),
                    "the bundled 6.2 runs, and a command named in allowing() is allowed");
        }
    }

    @Test
    void aSystemRedisServerOlderThan62IsPassedOverWithAWarning(@TempDir Path path) throws IOException {
        Path old = path.resolve("redis-server");
        Files.writeString(old, "#!/bin/sh\necho 'Redis server v=5.0.7 sha=00000000:0 malloc=jemalloc-5.2.1 bits=64'\n");
        assertTrue(old.toFile().setExecutable(true));
        try (LogCapture log = new LogCapture()) {
            RedisBinary chosen = RedisBinary.choose(RedisBinary.AUTO, path.toString());
            assertEquals(RedisBinary.Source.BUNDLED, chosen.source());
            assertTrue(log.has(Level.WARNING, "embedded_redis.bundled_fallback"), log.lines());
            assertTrue(log.lines().contains("5.0.7"), log.lines());
        }
        IOException tooOld = assertThrows(IOException.class, () -> RedisBinary.choose(old.toString(), ""));
        assertTrue(
                tooOld.getMessage().contains("EMBEDDED_REDIS_BINARY")
                        && tooOld.getMessage().contains("5.0.7"),
                tooOld.getMessage());
    }

    @Test
    void aConfiguredBinaryThatIsMissingStopsStartUp(@TempDir Path dir) {
        IOException missing = assertThrows(
                IOException.class,
                () -> EmbeddedRedis.start(EmbeddedRedis.Options.throwaway()
                        .binary(dir.resolve("no-redis-server").toString())));
        assertTrue(
                missing.getMessage().contains("EMBEDDED_REDIS_BINARY='" + dir.resolve("no-redis-server") + "'"),
                missing.getMessage());
    }

    private static void assertStrangersAreRefused(EmbeddedRedis redis) throws IOException {
        try (RawRedisClient stranger = new RawRedisClient(redis.port())) {
            assertTrue(stranger.call("PING").startsWith("-NOAUTH"), "no answer without the password");
            assertTrue(stranger.call("ZADD", "workflow:queue:platform:musinsa", "1", "forged")
                    .startsWith("-NOAUTH"));
            assertTrue(stranger.call("EVAL", "return 1", "0").startsWith("-NOAUTH"));
            assertTrue(stranger.call("CONFIG", "SET", "dir", "/tmp").startsWith("-NOAUTH"));
            String guessed = stranger.call("AUTH", "password");
            assertTrue(guessed.startsWith("-WRONGPASS") || guessed.startsWith("-ERR"), guessed);
            assertTrue(stranger.call("PING").startsWith("-NOAUTH"), "a wrong guess leaves it refused");
        }
        try (var client = RedisConnections.connect(redis.uri())) {
            assertEquals(0L, client.commands().exists("workflow:queue:platform:musinsa"), "nothing was written");
        }
    }

    /** The password holder runs what the runtime needs (scripts, sorted sets), and nothing of {@link #DANGEROUS}. */
    private static void assertLockedDown(EmbeddedRedis redis) throws IOException {
        try (RawRedisClient holder = new RawRedisClient(redis.port())) {
            assertEquals("+OK", holder.call("AUTH", redis.password()));
            assertEquals("+PONG", holder.call("PING"));
            holder.call("DEL", "lockdown:queue");
            assertEquals(":1", holder.call("ZADD", "lockdown:queue", "1", "job-1"));
            assertEquals(
                    ":2",
                    holder.call("EVAL", "return redis.call('ZADD', KEYS[1], 2, 'job-2') + 1", "1", "lockdown:queue"));
            assertTrue(holder.call("SCRIPT", "LOAD", "return 1").startsWith("$40"), "scripts load");
            for (List<String> command : DANGEROUS) {
                String reply = holder.call(command.toArray(String[]::new));
                // the ACL's NOPERM; Redis 7 refuses DEBUG and MODULE before it looks at the ACL
                assertTrue(
                        reply.startsWith("-NOPERM") || reply.matches("-ERR (DEBUG|MODULE) command not allowed.*"),
                        redis.binary() + ": " + String.join(" ", command) + " answered " + reply);
            }
            assertTrue(
                    holder.call("EVAL", "return redis.call('CONFIG', 'SET', 'dir', '/tmp')", "0")
                            .startsWith("-"),
                    "nor from inside a script");
            assertEquals(":2", holder.call("ZCARD", "lockdown:queue"), "still there, nothing flushed");
        }
        try (var client = RedisConnections.connect(redis.uri())) {
            RedisCommandExecutionException refused = assertThrows(
                    RedisCommandExecutionException.class,
                    () -> client.commands().configSet("dir", "/tmp"));
            assertTrue(refused.getMessage().startsWith("NOPERM"), refused.getMessage());
        }
    }

    private static final class LogCapture extends Handler implements AutoCloseable {
        private final Logger logger = Logger.getLogger("io.productscanner.runtime.redis");
        private final List<LogRecord> records = new CopyOnWriteArrayList<>();

        LogCapture() {
            logger.addHandler(this);
        }

        boolean has(Level level, String event) {
            return records.stream()
                    .anyMatch(r -> r.getLevel().equals(level) && r.getMessage().startsWith("event=" + event + " "));
        }

        String lines() {
            return String.join("\n", records.stream().map(LogRecord::getMessage).toList());
        }

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }
}
