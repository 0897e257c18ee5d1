package io.productscanner.runtime.testing;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.lettuce.core.RedisURI;
import io.productscanner.runtime.redis.EmbeddedRedis;
import io.productscanner.runtime.redis.RedisPassword;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * A Redis 7 run as production runs it, for the tests where that matters (Lua scripts, the append-only file, restarts,
 * the password): {@code docker/docker-compose.dev.yml}'s {@code redis} service (the password read from the
 * environment through standard input, {@code appendonly yes}, {@code appendfsync everysec}, {@code noeviction}, user
 * {@code redis}, a read-only root file system; redis-server the container's first process) in a container through Testcontainers where {@link TestContainers}
 * says so, else the local redis-server as {@link EmbeddedRedis} runs it (today's, with its append-only file in a
 * temporary folder). Either way on a loopback port that, with the password and the data, stays the same across
 * {@link #stop()} and {@link #startAgain()}.
 */
public final class ProductionLikeRedis implements AutoCloseable {
    /** The compose file's variable, and its default. */
    public static final String IMAGE_VARIABLE = "REDIS_IMAGE";

    public static final String DEFAULT_IMAGE = "redis:7.4-bookworm";

    private static final int REDIS_PORT = 6379;
    private static final long READY_TIMEOUT_MILLIS = 60_000;
    // docker-compose.dev.yml's settings, the password from the environment through standard input as there; but
    // a here-document rather than a pipe, so redis-server is the container's first process and a stop's SIGTERM
    // reaches it (behind a pipe, sh stays first and ignores it: the stop ends in SIGKILL ten seconds later)
    private static final String COMMAND = "exec redis-server - --appendonly yes --appendfsync everysec --dir /data"
            + " --maxmemory 768mb --maxmemory-policy noeviction <<EOF\n"
            + "requirepass \"$REDIS_PASSWORD\"\n"
            + "EOF\n";

    private final int port;
    private final String password;
    private final GenericContainer<?> container;
    private final EmbeddedRedis.Options localOptions;
    private final Path localData;
    private EmbeddedRedis local;
    private boolean running;

    private ProductionLikeRedis(
            int port, String password, GenericContainer<?> container, EmbeddedRedis.Options localOptions, Path data) {
        this.port = port;
        this.password = password;
        this.container = container;
        this.localOptions = localOptions;
        this.localData = data;
    }

    /** Started now, in a container or locally; the caller closes it. */
    public static ProductionLikeRedis start() throws IOException {
        TestContainers.Choice choice = TestContainers.choose("redis", IMAGE_VARIABLE, DEFAULT_IMAGE);
        int port = freeLoopbackPort();
        ProductionLikeRedis redis;
        if (choice.inContainer()) {
            String password = RedisPassword.generate();
            GenericContainer<?> container = new GenericContainer<>(choice.image())
                    .withExposedPorts(REDIS_PORT)
                    .withEnv("REDIS_PASSWORD", password)
                    .withCommand("sh", "-c", COMMAND)
                    .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1))
                    // a port of our choosing, on loopback only, that a restarted container binds again
                    .withCreateContainerCmdModifier(command -> command.withUser("redis")
                            .getHostConfig()
                            .withReadonlyRootfs(true)
                            .withPortBindings(new PortBinding(
                                    Ports.Binding.bindIpAndPort("127.0.0.1", port), ExposedPort.tcp(REDIS_PORT))));
            redis = new ProductionLikeRedis(port, password, TestContainers.labelled(container, "redis"), null, null);
        } else {
            redis = local(port);
        }
        redis.startAgain();
        return redis;
    }

    /**
     * Started now as a local redis-server, whatever {@link TestContainers} says: for a test of what a client sees
     * across {@link #stop()} and {@link #startAgain()}. Behind a container's published port, Docker's forwarder
     * accepts a connection while Redis inside is not listening yet and then resets it, which cuts a call the client
     * had rightly held back: another event than a restart, and one a real service's port does not have.
     */
    public static ProductionLikeRedis startLocal() throws IOException {
        ProductionLikeRedis redis = local(freeLoopbackPort());
        redis.startAgain();
        return redis;
    }

    private static ProductionLikeRedis local(int port) throws IOException {
        // the data folder keeps the password and the append-only file across a restart
        Path data = Files.createTempDirectory("test-redis-");
        EmbeddedRedis.Options options =
                EmbeddedRedis.Options.throwaway().onPort(port).persistedIn(data).allowing("keys", "info");
        return new ProductionLikeRedis(port, null, null, options, data);
    }

    /** Starts the server again after {@link #stop()}: same port, password and data. */
    public void startAgain() throws IOException {
        if (running) {
            throw new IllegalStateException("already running");
        }
        if (container == null) {
            local = EmbeddedRedis.start(localOptions);
        } else if (container.getContainerId() == null) {
            TestContainers.start(container);
        } else {
            TestContainers.client()
                    .startContainerCmd(container.getContainerId())
                    .exec();
            awaitPong();
        }
        running = true;
    }

    /** Stops the server as a service stop does (SIGTERM: the append-only file is flushed), keeping its data. */
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        if (container == null) {
            local.close();
        } else {
            TestContainers.client()
                    .stopContainerCmd(container.getContainerId())
                    .withTimeout(10)
                    .exec();
        }
    }

    public boolean inContainer() {
        return container != null;
    }

    /** The container, when it runs in one. */
    public Optional<GenericContainer<?>> container() {
        return Optional.ofNullable(container);
    }

    public int port() {
        return port;
    }

    public String password() {
        return container == null ? local.password() : password;
    }

    /** How this process's clients reach it: loopback, with the password. */
    public RedisURI uri() {
        return RedisURI.builder()
                .withHost("127.0.0.1")
                .withPort(port)
                .withPassword(password().toCharArray())
                .build();
    }

    /** The same as a {@code REDIS_URL} for another process (in its environment, never on a command line). */
    public String url() {
        return "redis://" + password() + "@127.0.0.1:" + port;
    }

    /** Where it runs, for failure messages. */
    public String where() {
        return container == null
                ? "local redis-server on 127.0.0.1:" + port
                : "container " + container.getContainerName() + " (" + container.getDockerImageName()
                        + ") on 127.0.0.1:" + port;
    }

    @Override
    public void close() {
        if (container != null) {
            running = false;
            TestContainers.remove(container);
            return;
        }
        stop();
        try (Stream<Path> files = Files.walk(localData)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless
            System.err.println("production-like redis: could not delete " + localData + ": " + e.getMessage());
        }
    }

    /** Until the restarted server answers PING with the password (it answers LOADING while it reads its data). */
    private void awaitPong() throws IOException {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        byte[] ask = ("AUTH " + password + "\r\nPING\r\n").getBytes(StandardCharsets.US_ASCII);
        String last = "no answer";
        while (System.currentTimeMillis() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                socket.setSoTimeout(1000);
                OutputStream out = socket.getOutputStream();
                out.write(ask);
                out.flush();
                last = readReplies(socket.getInputStream(), 2);
                if (last.endsWith("+PONG\r\n")) {
                    return;
                }
            } catch (IOException e) {
                last = e.getMessage();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + where(), e);
            }
        }
        throw new IOException(where() + " did not answer PING within " + READY_TIMEOUT_MILLIS + " ms: " + last);
    }

    private static String readReplies(InputStream in, int lines) throws IOException {
        StringBuilder replies = new StringBuilder();
        int seen = 0;
        while (seen < lines) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            replies.append((char) b);
            if (b == '\n') {
                seen++;
            }
        }
        return replies.toString();
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
