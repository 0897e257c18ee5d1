package io.productscanner.runtime.redis;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.output.BooleanOutput;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.output.ObjectOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
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
 * <p>A WAIT counts only the writes made on the link it is sent on. So the script and its WAIT go out in one write
 * on one link, and these connections never send a command again on a new link after a drop (they refuse while
 * disconnected, see {@link RedisConnections}): Lettuce otherwise re-sends the commands in flight, and a WAIT
 * re-sent on a fresh link to the new primary would confirm at once a script that ran on the dead one.
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
     * Runs the script and WAITs for the replicas, in one write; loads the script first when this Redis lacks it.
     *
     * @throws WriteNotReplicated when fewer replicas than asked confirmed the write in time (it stands on the primary)
     * @throws RedisConnectionException when the link was down, or dropped before the script's answer came (it may or
     *     may not have run)
     */
    <T> T run(RedisScript script, ScriptOutputType output, String[] keys, String... args) {
        StatefulRedisConnection<String, String> connection =
                connections.get(Math.floorMod(turn.getAndIncrement(), connections.size()));
        AsyncCommand<String, String, T> reply = evalsha(script.digest(), output, keys, args);
        AsyncCommand<String, String, Long> confirmed = waitForReplicas();
        connection.dispatch(List.of(reply, confirmed));
        T value;
        try {
            value = await(connection, reply);
        } catch (RedisNoScriptException e) {
            await(connection, confirmed);
            connection.sync().scriptLoad(script.source());
            reply = evalsha(script.digest(), output, keys, args);
            confirmed = waitForReplicas();
            connection.dispatch(List.of(reply, confirmed));
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

    private static <T> AsyncCommand<String, String, T> evalsha(
            String digest, ScriptOutputType type, String[] keys, String... args) {
        CommandArgs<String, String> commandArgs = new CommandArgs<>(Utf8Codec.INSTANCE)
                .add(digest)
                .add(keys.length)
                .addKeys(keys)
                .addValues(args);
        return new AsyncCommand<>(new Command<>(CommandType.EVALSHA, scriptOutput(type), commandArgs));
    }

    /** The output Lettuce's own EVALSHA reads the script's reply into, by type. */
    @SuppressWarnings("unchecked")
    private static <T> CommandOutput<String, String, T> scriptOutput(ScriptOutputType type) {
        return (CommandOutput<String, String, T>)
                switch (type) {
                    case BOOLEAN -> new BooleanOutput<>(Utf8Codec.INSTANCE);
                    case INTEGER -> new IntegerOutput<>(Utf8Codec.INSTANCE);
                    case STATUS -> new StatusOutput<>(Utf8Codec.INSTANCE);
                    case MULTI -> new NestedMultiOutput<>(Utf8Codec.INSTANCE);
                    case VALUE -> new ValueOutput<>(Utf8Codec.INSTANCE);
                    case OBJECT -> new ObjectOutput<>(Utf8Codec.INSTANCE);
                };
    }

    private AsyncCommand<String, String, Long> waitForReplicas() {
        CommandArgs<String, String> args = new CommandArgs<>(Utf8Codec.INSTANCE)
                .add(acks.replicas())
                .add(acks.timeout().toMillis());
        return new AsyncCommand<>(new Command<>(CommandType.WAIT, new IntegerOutput<>(Utf8Codec.INSTANCE), args));
    }

    /**
     * How many replicas the WAIT says have the script's writes; none when its link dropped before it answered (the
     * script answered, so it ran: the write stands on that primary, unconfirmed).
     */
    private long confirmedBy(
            StatefulRedisConnection<String, String> connection, AsyncCommand<String, String, Long> confirmed) {
        try {
            Long replicas = await(connection, confirmed);
            return replicas == null ? 0 : replicas;
        } catch (RedisConnectionException | RedisCommandTimeoutException linkDropped) {
            return 0;
        }
    }

    private <T> T await(StatefulRedisConnection<String, String> connection, AsyncCommand<String, String, T> call) {
        // the link's own timeout, plus the wait a WAIT may use
        Duration limit = connection.getTimeout().plus(acks.timeout());
        try {
            return LettuceFutures.awaitOrCancel(call, limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RedisCommandExecutionException | RedisCommandTimeoutException | RedisConnectionException e) {
            throw e;
        } catch (RedisException e) {
            // refused while the link is down, or cut off by its drop: Redis out of reach, as a reset link is
            throw new RedisConnectionException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        BY_SHARED_CONNECTION.remove(shared, this);
        connections.forEach(StatefulRedisConnection::close);
    }
}
