package io.productscanner.runtime.redis;

import io.lettuce.core.RedisURI;
import io.productscanner.runtime.config.Setting;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.logging.LogEvent;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import redis.embedded.RedisServer;

/**
 * A real redis-server for {@code serve} without an external Redis, for benchmarks and for tests: the system's
 * {@code redis-server} where there is one, else the one shipped inside the embedded-redis artifact
 * ({@link RedisBinary}). Append-only persistence under the data folder, so queued jobs survive a restart.
 *
 * <p>Locked down, as a Redis any local user can reach must be: loopback only, a generated password
 * ({@link RedisPassword}; only its SHA-256 goes into the configuration, nothing onto the command line), and an ACL
 * that refuses every command Redis counts as dangerous ({@code CONFIG}, {@code FLUSHALL}, {@code DEBUG},
 * {@code MODULE}, {@code REPLICAOF}, {@code SAVE}, {@code SHUTDOWN}, {@code KEYS}, {@code INFO}, ...): the runtime
 * needs none of them, so whoever holds the password still cannot make Redis write files elsewhere, load code or
 * wipe the queue. A caller that needs one or two of them on a Redis of its own names them
 * ({@link Options#allowing}).
 */
public final class EmbeddedRedis implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EmbeddedRedis.class.getName());
    private static final Pattern COMMAND = Pattern.compile("[a-z-]+(\\|[a-z-]+)?");

    private final RedisServer server;
    private final int port;
    private final String password;
    private final RedisBinary binary;
    private final Path workDir;

    private EmbeddedRedis(RedisServer server, int port, String password, RedisBinary binary, Path workDir) {
        this.server = server;
        this.port = port;
        this.password = password;
        this.binary = binary;
        this.workDir = workDir;
    }

    /**
     * What to start.
     *
     * @param port        the port; 0 picks a free one
     * @param dataDir     where the append-only file and the password file live; null for neither (a throwaway
     *                    Redis, with a password kept only in memory)
     * @param binary      {@code auto}, {@code bundled} or a path (see {@link RedisBinary})
     * @param alsoAllowed dangerous commands allowed all the same, as ACL names ({@code info}, {@code config|resetstat})
     */
    public record Options(int port, Path dataDir, String binary, List<String> alsoAllowed) {
        public Options {
            alsoAllowed = List.copyOf(alsoAllowed);
            for (String command : alsoAllowed) {
                if (!COMMAND.matcher(command).matches()) {
                    throw new IllegalArgumentException("not a Redis command name: " + command);
                }
            }
        }

        /** {@code serve}'s: {@code EMBEDDED_REDIS_PORT}, {@code DATA_DIR}, {@code EMBEDDED_REDIS_BINARY}. */
        public static Options from(Settings settings) {
            return new Options(
                    settings.port(Setting.EMBEDDED_REDIS_PORT),
                    settings.path(Setting.DATA_DIR),
                    settings.string(Setting.EMBEDDED_REDIS_BINARY),
                    List.of());
        }

        /** A Redis of one's own: a free port, no persistence, the system's binary where there is one. */
        public static Options throwaway() {
            return new Options(0, null, RedisBinary.AUTO, List.of());
        }

        public Options onPort(int port) {
            return new Options(port, dataDir, binary, alsoAllowed);
        }

        public Options persistedIn(Path dataDir) {
            return new Options(port, dataDir, binary, alsoAllowed);
        }

        public Options binary(String binary) {
            return new Options(port, dataDir, binary, alsoAllowed);
        }

        public Options allowing(String... commands) {
            List<String> all = new ArrayList<>(alsoAllowed);
            all.addAll(List.of(commands));
            return new Options(port, dataDir, binary, all);
        }
    }

    /** Starts redis-server on loopback, as {@code options} say. */
    public static EmbeddedRedis start(Options options) throws IOException {
        int chosen = options.port() == 0 ? freePort() : options.port();
        RedisBinary binary = RedisBinary.choose(options.binary(), System.getenv("PATH"));
        Path dataDir = options.dataDir();
        String password;
        if (dataDir != null) {
            Files.createDirectories(dataDir);
            password = RedisPassword.loadOrCreate(dataDir);
        } else {
            password = RedisPassword.generate();
        }
        // owner-only (a temporary directory's default): holds the script that starts redis-server
        Path workDir = Files.createTempDirectory("embedded-redis-");
        StringBuilder acl = new StringBuilder("user default reset on ")
                .append(RedisPassword.aclHash(password))
                .append(" ~* &* +@all -@dangerous");
        options.alsoAllowed().forEach(command -> acl.append(" +").append(command));
        var builder = RedisServer.newRedisServer()
                .executableProvider(() -> inOwnSession(binary.executable(), workDir))
                .port(chosen)
                .bind("127.0.0.1")
                .setting("protected-mode yes")
                .setting(acl.toString())
                .setting("save \"\"")
                // stopped by close(), in order: a hook of its own would kill it under workers still using it
                .onShutdownForceStop(false);
        if (dataDir != null) {
            builder.setting("dir " + dataDir.toAbsolutePath())
                    .setting("appendonly yes")
                    .setting("appendfsync everysec");
        } else {
            builder.setting("appendonly no");
        }
        RedisServer server = builder.build();
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            deleteQuietly(workDir);
            throw new IOException(
                    "cannot start the embedded Redis (" + binary.executable() + ", " + binary.version()
                            + ") on 127.0.0.1:" + chosen
                            + " (is the port taken? set EMBEDDED_REDIS_PORT, or REDIS_URL for an external Redis): "
                            + e.getMessage(),
                    e);
        }
        LogEvent.info(
                LOG,
                "embedded_redis.started",
                "port",
                chosen,
                "binary",
                binary.executable(),
                "version",
                binary.version(),
                "source",
                binary.source().name().toLowerCase(Locale.ROOT),
                "data_dir",
                dataDir == null ? "none" : dataDir.toAbsolutePath(),
                "password_file",
                dataDir == null
                        ? "none"
                        : dataDir.resolve(RedisPassword.FILE_NAME).toAbsolutePath());
        return new EmbeddedRedis(server, chosen, password, binary, workDir);
    }

    /** How this process's clients reach it: loopback, with the password. */
    public RedisURI uri() {
        return RedisURI.builder()
                .withHost("127.0.0.1")
                .withPort(port)
                .withPassword(password.toCharArray())
                .build();
    }

    /** The same as a {@code REDIS_URL} for another process (in its environment, never on a command line). */
    public String url() {
        return "redis://" + password + "@127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    /** The redis-server that runs, and its version. */
    public RedisBinary binary() {
        return binary;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            LogEvent.warn(LOG, "embedded_redis.stop_failed", "error", e.getMessage());
        }
        deleteQuietly(workDir);
    }

    /**
     * The redis-server binary, started through {@code setsid} where there is one: in a session of its own, as a
     * Redis service runs, Linux's autogroup scheduling gives it its own share of the CPU instead of one share with
     * this JVM's threads (bench queue: about 15 % more jobs/s, docs/PERFORMANCE.md). The wrapper script goes into
     * this server's own directory, never beside a system binary.
     */
    private static File inOwnSession(Path server, Path workDir) throws IOException {
        Optional<Path> setsid = Stream.of("/usr/bin/setsid", "/bin/setsid")
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst();
        if (setsid.isEmpty()) {
            return server.toFile();
        }
        Path wrapper = workDir.resolve("redis-server-own-session");
        Files.writeString(wrapper, "#!/bin/sh\nexec " + setsid.get() + " '" + server.toAbsolutePath() + "' \"$@\"\n");
        if (!wrapper.toFile().setExecutable(true, true)) {
            return server.toFile();
        }
        return wrapper.toFile();
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LogEvent.warn(LOG, "embedded_redis.cleanup_failed", "dir", directory, "error", e.getMessage());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
