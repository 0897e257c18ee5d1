package io.productscanner.runtime.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The process's Redis client: one shared, thread-safe connection for every command, the workers' per-job script
 * included, and separate connections only for blocking reads and subscriptions (which would stall everything else
 * on the shared one). Every connection is Lettuce's, so TLS, Sentinel and a Unix socket apply to all of them
 * alike. With {@code REDIS_MIN_REPLICA_ACKS} above 0, acknowledged writes have a few connections of their own
 * ({@link ReplicatedWrites}).
 */
public final class RedisConnections implements AutoCloseable {
    /** Connections for acknowledged writes: platforms' writes WAIT side by side on them (docs/PERFORMANCE.md). */
    private static final int ACKNOWLEDGED_CONNECTIONS = 4;

    private final ClientResources resources;
    private final RedisClient client;
    /** Null unless replicas must confirm acknowledged writes: the client of their connections. */
    private final RedisClient acknowledgingClient;

    private final StatefulRedisConnection<String, String> shared;
    /** Null unless replicas must confirm acknowledged writes ({@code REDIS_MIN_REPLICA_ACKS}). */
    private final ReplicatedWrites replicated;

    private RedisConnections(RedisURI uri, RedisTls tls, ReplicaAcks acks, Consumer<String> onShortfall) {
        // no per-command latency histograms: nothing reads them, and they cost CPU on every command
        this.resources = DefaultClientResources.builder()
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .build();
        this.client = RedisClient.create(resources, uri);
        ClientOptions options = ClientOptions.builder()
                .autoReconnect(true)
                // a call made while the link is down waits for the reconnect; one in flight when it drops is sent
                // again on the next link
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                // the client's, so the shared, blocking and pub/sub connections, and a Sentinel's, all trust alike
                .sslOptions(tls.sslOptions())
                .build();
        client.setOptions(options);
        this.shared = SentinelAuthFailure.explained(
                uri, () -> RedisTlsFailure.explained(uri, () -> client.connect(Utf8Codec.INSTANCE)));
        if (acks.required()) {
            // nothing sent again on a new link: a WAIT there would count that link's writes, not the script's
            this.acknowledgingClient = RedisClient.create(resources, uri);
            acknowledgingClient.setOptions(options.mutate()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .build());
            this.replicated = ReplicatedWrites.register(
                    shared,
                    () -> acknowledgingClient.connect(Utf8Codec.INSTANCE),
                    ACKNOWLEDGED_CONNECTIONS,
                    acks,
                    onShortfall);
        } else {
            this.acknowledgingClient = null;
            this.replicated = null;
        }
    }

    /** Connects to the Redis the settings name ({@code REDIS_URL}, else {@code REDIS_HOST}/{@code REDIS_PORT}). */
    public static RedisConnections connect(RedisURI uri, RedisTls tls) {
        return new RedisConnections(uri, tls, ReplicaAcks.NONE, script -> {});
    }

    /** Connects trusting the JVM's CAs for a {@code rediss://} URI, with no client certificate. */
    public static RedisConnections connect(RedisURI uri) {
        return new RedisConnections(uri, RedisTls.DEFAULTS, ReplicaAcks.NONE, script -> {});
    }

    /**
     * Connects, with the acknowledged scripts' writes counting only once {@code acks} replicas have them.
     *
     * @param onShortfall told the script's name for every write fewer replicas confirmed than asked
     */
    public static RedisConnections connect(RedisURI uri, RedisTls tls, ReplicaAcks acks, Consumer<String> onShortfall) {
        return new RedisConnections(uri, tls, acks, onShortfall);
    }

    /** Synchronous commands on the shared connection. */
    public RedisCommands<String, String> commands() {
        return shared.sync();
    }

    public StatefulRedisConnection<String, String> shared() {
        return shared;
    }

    /** A new connection for blocking commands (BLPOP); the caller closes it. */
    public StatefulRedisConnection<String, String> openBlocking() {
        StatefulRedisConnection<String, String> connection = client.connect(Utf8Codec.INSTANCE);
        // longer than any blocking wait the runtime issues (seconds), so only a dead link times out
        connection.setTimeout(Duration.ofSeconds(30));
        return connection;
    }

    /** A connection for SUBSCRIBE (which takes a connection for nothing else); the caller closes it. */
    public StatefulRedisPubSubConnection<String, String> openPubSub() {
        return client.connectPubSub(Utf8Codec.INSTANCE);
    }

    @Override
    public void close() {
        if (replicated != null) {
            replicated.close();
            acknowledgingClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        shared.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
