package io.productscanner.runtime.redis;

import io.productscanner.runtime.logging.LogEvent;
import io.lettuce.core.RedisURI;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real redis-server (shipped inside the embedded-redis artifact) for {@code serve} without an external Redis,
 * and for tests. Append-only persistence under the data folder, so queued jobs survive a restart.
 */
public final class EmbeddedRedis implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EmbeddedRedis.class.getName());

    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts redis-server on loopback.
     *
     * @param port    the port; 0 picks a free one
     * @param dataDir where the append-only file lives; null for no persistence (tests)
     */
    public static EmbeddedRedis start(int port, Path dataDir) throws IOException {
        int chosen = port == 0 ? freePort() : port;
        var builder = RedisServer.newRedisServer()
                .executableProvider(inOwnSession(ExecutableProvider.newJarResourceProvider()))
                .port(chosen)
                .bind("127.0.0.1")
                .setting("save \"\"")
                // stopped by close(), in order: a hook of its own would kill it under workers still using it
                .onShutdownForceStop(false);
        if (dataDir != null) {
            Files.createDirectories(dataDir);
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
            throw new IOException("cannot start the embedded Redis on 127.0.0.1:" + chosen
                    + " (is the port taken? set EMBEDDED_REDIS_PORT, or REDIS_URL for an external Redis): "
                    + e.getMessage(), e);
        }
        LogEvent.info(LOG, "embedded_redis.started", "port", chosen, "data_dir",
                dataDir == null ? "none" : dataDir.toAbsolutePath());
        return new EmbeddedRedis(server, chosen);
    }

    public RedisURI uri() {
        return RedisURI.create("redis://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            LogEvent.warn(LOG, "embedded_redis.stop_failed", "error", e.getMessage());
        }
    }

    /**
     * The redis-server binary, started through {@code setsid} where there is one: in a session of its own, as a
     * Redis service runs, Linux's autogroup scheduling gives it its own share of the CPU instead of one share with
     * this JVM's threads (bench queue: about 15 % more jobs/s, docs/PERFORMANCE.md).
     */
    private static ExecutableProvider inOwnSession(ExecutableProvider binary) {
        return () -> {
            File server = binary.get();
            Optional<Path> setsid = Stream.of("/usr/bin/setsid", "/bin/setsid").map(Path::of)
                    .filter(Files::isExecutable).findFirst();
            if (setsid.isEmpty()) {
                return server;
            }
            Path wrapper = server.toPath().resolveSibling(server.getName() + "-own-session");
            Files.writeString(wrapper, "#!/bin/sh\nexec " + setsid.get() + " '" + server.getAbsolutePath()
                    + "' \"$@\"\n");
            if (!wrapper.toFile().setExecutable(true)) {
                return server;
            }
            return wrapper.toFile();
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
