package io.productscanner.runtime.testing;

import io.lettuce.core.RedisURI;
import io.productscanner.runtime.job.JobEnds;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.QueuePolicy;
import io.productscanner.runtime.queue.Queues;
import io.productscanner.runtime.redis.EmbeddedRedis;
import io.productscanner.runtime.redis.RedisConnections;
import io.productscanner.runtime.redis.RedisKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real redis-server on a free loopback port, locked down as {@code serve}'s is (password, no dangerous command but
 * {@code KEYS} and {@code INFO}, which tests use to list what a run left and count the commands it sent), and the
 * runtime's Redis objects over it, for one test class: held in a {@code @RegisterExtension static final} field
 * ({@link #perClass()}) it starts before the class's first test and stops after its last.
 *
 * <p>Tests whose outcome depends on the Redis production runs (the queue's Lua scripts, leases and fencing) take
 * {@link #productionLikePerClass()} instead: a Redis 7 as the compose file runs it, in a container where Docker is
 * ({@link ProductionLikeRedis}, {@link TestContainers}), else the same local redis-server.
 */
public final class TestRedis implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private final RedisKeys keys =
            new RedisKeys("test-" + UUID.randomUUID().toString().substring(0, 8) + ":");
    private final boolean productionLike;
    /** Where a restartable Redis keeps its password, so it comes back on the same port with the same one. */
    private Path restartableIn;

    private EmbeddedRedis server;
    private ProductionLikeRedis productionServer;
    private RedisURI uri;
    private RedisConnections connections;
    private JobEnds jobEnds;

    private TestRedis(boolean productionLike) {
        this.productionLike = productionLike;
    }

    /** Started now; the caller closes it. */
    public static TestRedis start() throws IOException {
        TestRedis redis = new TestRedis(false);
        redis.open();
        return redis;
    }

    /**
     * Started now, able to be stopped ({@link #stopServer}) and started again ({@link #startServerAgain}) on the
     * same port with the same password under the same clients, as an outage looks to them; the caller closes it.
     */
    public static TestRedis startRestartable(Path dataDir) throws IOException {
        TestRedis redis = new TestRedis(false);
        redis.restartableIn = dataDir;
        redis.open();
        return redis;
    }

    /** Stops the redis-server process of a {@link #startRestartable} Redis; its clients stay. */
    public void stopServer() {
        server.close();
    }

    /** Starts a {@link #startRestartable} Redis's server again, where it was. */
    public void startServerAgain() throws IOException {
        server = EmbeddedRedis.start(options().onPort(server.port()));
    }

    private EmbeddedRedis.Options options() {
        EmbeddedRedis.Options options = EmbeddedRedis.Options.throwaway().allowing("keys", "info");
        return restartableIn == null ? options : options.persistedIn(restartableIn);
    }

    /** Started before the test class's first test and stopped after its last. */
    public static TestRedis perClass() {
        return new TestRedis(false);
    }

    /** A Redis like production's ({@link ProductionLikeRedis}), started now; the caller closes it. */
    public static TestRedis startProductionLike() throws IOException {
        TestRedis redis = new TestRedis(true);
        redis.open();
        return redis;
    }

    /** A Redis like production's ({@link ProductionLikeRedis}), for the test class as {@link #perClass()}. */
    public static TestRedis productionLikePerClass() {
        return new TestRedis(true);
    }

    private void open() throws IOException {
        if (productionLike) {
            productionServer = ProductionLikeRedis.start();
            uri = productionServer.uri();
        } else {
            server = EmbeddedRedis.start(options());
            uri = server.uri();
            if (restartableIn != null) {
                // as RedisConfig sets it for a process: a command waits at most this long for a Redis that is down
                uri.setTimeout(Duration.ofSeconds(10));
            }
        }
        connections = RedisConnections.connect(uri);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        open();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    public RedisConnections connections() {
        if (connections == null) {
            throw new IllegalStateException(
                    "not started: TestRedis.perClass() starts in a @RegisterExtension static field");
        }
        return connections;
    }

    /** Another client, as a second process would have. */
    public RedisConnections newClient() {
        return RedisConnections.connect(uri);
    }

    /** Calls of {@code command} Redis has served since it started (INFO commandstats; scripts' inner calls count). */
    public long calls(String command) {
        String stats = connections().commands().info("commandstats");
        for (String line : stats.split("\\r?\\n")) {
            if (line.startsWith("cmdstat_" + command + ":")) {
                for (String part : line.substring(line.indexOf(':') + 1).split(",")) {
                    if (part.startsWith("calls=")) {
                        return Long.parseLong(part.substring(6));
                    }
                }
            }
        }
        return 0;
    }

    public RedisKeys keys() {
        return keys;
    }

    public JobQueue queue(Duration lease) {
        return queue(connections(), lease);
    }

    public JobQueue queue(RedisConnections client, Duration lease) {
        return queues(client, lease).jobs();
    }

    /** The queue's parts (queueing, retries, platform control) with the default policy but the lease given. */
    public Queues queues(Duration lease) {
        return queues(connections(), lease);
    }

    public Queues queues(RedisConnections client, Duration lease) {
        return Queues.over(client.commands(), keys, QueuePolicy.of(lease, Duration.ofHours(1)));
    }

    public JobStore store() {
        return new JobStore(connections().commands(), connections().shared().async(), keys);
    }

    /** The job-end listener an API process holds, opened on first use and closed with this Redis. */
    public synchronized JobEnds jobEnds() {
        if (jobEnds == null) {
            jobEnds = JobEnds.open(connections(), keys);
        }
        return jobEnds;
    }

    @Override
    public void close() {
        if (jobEnds != null) {
            jobEnds.close();
            jobEnds = null;
        }
        if (connections != null) {
            connections.close();
            connections = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
        if (productionServer != null) {
            productionServer.close();
            productionServer = null;
        }
    }
}
