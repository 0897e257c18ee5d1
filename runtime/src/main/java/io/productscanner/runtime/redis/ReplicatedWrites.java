package io.productscanner.runtime.redis;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where acknowledged writes go when {@code REDIS_MIN_REPLICA_ACKS} is above 0: a few connections of their own, on
 * which each such script is followed by Redis' {@code WAIT} in the same round trip. Their own, because Redis holds
 * back a client's later commands while its WAIT blocks: on the shared connection an unreachable replica would hold
 * every lease renewal behind each waiting write, for up to the wait each. Several, taken in turn, so the writes of
 * several platforms wait side by side and one acknowledgement from the replicas releases them all, instead of each
 * waiting behind the one before (measured: docs/PERFORMANCE.md). WAIT counts the replication stream up to the
 * connection's last write, so everything any connection of the process wrote before (a job's results) is covered
 * too.
 *
 * <p>A process's writes are found from its shared connection ({@link #of}), so the call sites of the scripts stay as
 * they are: whether a write is acknowledged is the script's mark ({@link RedisScript#acknowledged()}), how many
 * replicas the connection's.
 */
public final class ReplicatedWrites implements AutoCloseable {
    private static final Map<StatefulConnection<?, ?>, ReplicatedWrites> BY_SHARED_CONNECTION =
            new ConcurrentHashMap<>();

    private final StatefulConnection<?, ?> shared;
    private final List<StatefulRedisConnection<String, String>> connections;
    private final AtomicInteger turn = new AtomicInteger();
    private final ReplicaAcks acks;
    private final Consumer<String> onShortfall;

    private ReplicatedWrites(
            StatefulConnection<?, ?> shared,
            List<StatefulRedisConnection<String, String>> connections,
            ReplicaAcks acks,
            Consumer<String> onShortfall) {
        this.shared = shared;
        this.connections = connections;
        this.acks = acks;
        this.onShortfall = onShortfall;
    }

    /**
     * Sends the acknowledged writes of the process whose shared connection is {@code shared} over {@code count}
     * connections that {@code open} makes.
     *
     * @param onShortfall told the script's name for every write fewer replicas confirmed than asked (a metric)
     */
    static ReplicatedWrites register(
            StatefulConnection<?, ?> shared,
            Supplier<StatefulRedisConnection<String, String>> open,
            int count,
            ReplicaAcks acks,
            Consumer<String> onShortfall) {
        List<StatefulRedisConnection<String, String>> connections = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            connections.add(open.get());
        }
        ReplicatedWrites writes = new ReplicatedWrites(shared, List.copyOf(connections), acks, onShortfall);
        BY_SHARED_CONNECTION.put(shared, writes);
        return writes;
    }

    /** The acknowledged writes of the process that sends its commands over {@code commands}; empty when none are asked. */
    static Optional<ReplicatedWrites> of(RedisCommands<String, String> commands) {
        return Optional.ofNullable(BY_SHARED_CONNECTION.get(commands.getStatefulConnection()));
    }

    /**
     * Runs the script and WAITs for the replicas, pipelined; loads the script first when this Redis lacks it.
     *
     * @throws WriteNotReplicated when fewer replicas than asked confirmed the write in time (it stands on the primary)
     */
    <T> T run(RedisScript script, ScriptOutputType output, String[] keys, String... args) {
        StatefulRedisConnection<String, String> connection =
                connections.get(Math.floorMod(turn.getAndIncrement(), connections.size()));
        RedisAsyncCommands<String, String> async = connection.async();
        RedisFuture<T> reply = async.evalsha(script.digest(), output, keys, args);
        RedisFuture<Long> confirmed =
                async.waitForReplication(acks.replicas(), acks.timeout().toMillis());
        T value;
        try {
            value = await(connection, reply);
        } catch (RedisNoScriptException e) {
            await(connection, confirmed);
            connection.sync().scriptLoad(script.source());
            reply = async.evalsha(script.digest(), output, keys, args);
            confirmed = async.waitForReplication(acks.replicas(), acks.timeout().toMillis());
            value = await(connection, reply);
        }
        long replicas = confirmedBy(connection, confirmed);
        // an empty reply is a call that found nothing to do (a claim of an empty queue): nothing of it to confirm
        boolean wroteNothing = value == null || value instanceof List<?> list && list.isEmpty();
        if (replicas < acks.replicas() && !wroteNothing) {
            onShortfall.accept(script.name());
            throw new WriteNotReplicated(script.name(), replicas, acks.replicas(), acks.timeout(), value);
        }
        return value;
    }

    /** WAITs on {@code commands}' own connection, for writes sent there outside {@link #run}. */
    void confirm(RedisCommands<String, String> commands, String what) {
        Long replicas;
        try {
            replicas =
                    commands.waitForReplication(acks.replicas(), acks.timeout().toMillis());
        } catch (RuntimeException linkDropped) {
            replicas = 0L;
        }
        if (replicas == null || replicas < acks.replicas()) {
            onShortfall.accept(what);
            throw new WriteNotReplicated(what, replicas == null ? 0 : replicas, acks.replicas(), acks.timeout(), null);
        }
    }

    /**
     * How many replicas the WAIT says have the writes; none when it got no answer on the link the writes went over
     * (the link dropped: the WAIT is not sent again on the next one, see {@link RedisConnections}), since then
     * nothing is known of them.
     */
    private long confirmedBy(StatefulRedisConnection<String, String> connection, RedisFuture<Long> confirmed) {
        try {
            Long replicas = await(connection, confirmed);
            return replicas == null ? 0 : replicas;
        } catch (RuntimeException linkDropped) {
            return 0;
        }
    }

    private <T> T await(StatefulRedisConnection<String, String> connection, RedisFuture<T> call) {
        // the link's own timeout, plus the wait a WAIT may use
        Duration limit = connection.getTimeout().plus(acks.timeout());
        return LettuceFutures.awaitOrCancel(call, limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        BY_SHARED_CONNECTION.remove(shared, this);
        connections.forEach(StatefulRedisConnection::close);
    }
}
