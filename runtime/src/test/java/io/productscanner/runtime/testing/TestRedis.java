package io.productscanner.runtime.testing;

import io.productscanner.runtime.job.JobEnds;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.QueuePolicy;
import io.productscanner.runtime.queue.Queues;
import io.productscanner.runtime.redis.EmbeddedRedis;
import io.productscanner.runtime.redis.RedisConnections;
import io.productscanner.runtime.redis.RedisKeys;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

/**
 * A real redis-server on a free loopback port, locked down as {@code serve}'s is (password, no dangerous command but
 * {@code KEYS} and {@code INFO}, which tests use to list what a run left and count the commands it sent), and the
 * runtime's Redis objects over it, for one test class.
 */
public final class TestRedis implements AutoCloseable {
    private final EmbeddedRedis server;
    private final RedisConnections connections;
    private final RedisKeys keys = new RedisKeys("test-" + UUID.randomUUID().toString().substring(0, 8) + ":");
    private JobEnds jobEnds;

    private TestRedis() throws IOException {
        this.server = EmbeddedRedis.start(EmbeddedRedis.Options.throwaway().allowing("keys", "info"));
        this.connections = RedisConnections.connect(server.uri());
    }

    public static TestRedis start() throws IOException {
        return new TestRedis();
    }

    public RedisConnections connections() {
        return connections;
    }

    /** Another client, as a second process would have. */
    public RedisConnections newClient() {
        return RedisConnections.connect(server.uri());
    }

    public RedisKeys keys() {
        return keys;
    }

    public JobQueue queue(Duration lease) {
        return queue(connections, lease);
    }

    public JobQueue queue(RedisConnections client, Duration lease) {
        return queues(client, lease).jobs();
    }

    /** The queue's parts (queueing, retries, platform control) with the default policy but the lease given. */
    public Queues queues(Duration lease) {
        return queues(connections, lease);
    }

    public Queues queues(RedisConnections client, Duration lease) {
        return Queues.over(client.commands(), keys, QueuePolicy.of(lease, Duration.ofHours(1)));
    }

    public JobStore store() {
        return new JobStore(connections.commands(), connections.shared().async(), keys);
    }

    /** The job-end listener an API process holds, opened on first use and closed with this Redis. */
    public synchronized JobEnds jobEnds() {
        if (jobEnds == null) {
            jobEnds = JobEnds.open(connections, keys);
        }
        return jobEnds;
    }

    @Override
    public void close() {
        if (jobEnds != null) {
            jobEnds.close();
        }
        connections.close();
        server.close();
    }
}
