package io.productscanner.runtime.job;

import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.redis.RedisConnections;
import io.productscanner.runtime.redis.RedisKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tells waiters when their job ends, without each polling Redis. The queue's scripts publish the id of every job
 * that ends on its platform's channel; this process holds one pub/sub connection, subscribed to the platforms
 * someone waits on, and completes the waiter of the id it hears. A message can be missed (the connection was
 * being re-established), so while anyone waits, one pipelined read of every waited job's status every few
 * seconds completes what the channel did not: no waiter can hang past its own timeout, and no waiter polls.
 */
public final class JobEnds implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JobEnds.class.getName());
    /** How often the waited jobs' statuses are read in case a message was missed. */
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(3);

    private static final long CHECK_TIMEOUT_SECONDS = 10;

    private final StatefulRedisPubSubConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> redis;
    private final RedisKeys keys;
    private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService checks;

    private JobEnds(
            StatefulRedisPubSubConnection<String, String> connection,
            RedisAsyncCommands<String, String> redis,
            RedisKeys keys) {
        this.connection = connection;
        this.redis = redis;
        this.keys = keys;
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String jobId) {
                ended(jobId);
            }
        });
        this.checks = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("job-ends-check").factory());
        checks.scheduleWithFixedDelay(
                this::checkWaited, CHECK_INTERVAL.toMillis(), CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Listens on a pub/sub connection of its own; commands (the missed-message check) go on the shared one. */
    public static JobEnds open(RedisConnections connections, RedisKeys keys) {
        return new JobEnds(connections.openPubSub(), connections.shared().async(), keys);
    }

    /** A wait for one job's end. Close it once done waiting, whatever happened: it is then forgotten. */
    public final class Wait implements AutoCloseable {
        private final String jobId;
        private final CompletableFuture<Void> ended;

        private Wait(String jobId, CompletableFuture<Void> ended) {
            this.jobId = jobId;
            this.ended = ended;
        }

        /** Completes when the job has ended (or is gone). */
        public CompletableFuture<Void> ended() {
            return ended;
        }

        @Override
        public void close() {
            waiting.remove(jobId, ended);
        }
    }

    /**
     * Starts waiting for {@code jobId} (one waiter per job) of {@code platform}. The channel is listened to before
     * the job's status is read once, so an end before the call is seen and an end after it is heard.
     */
    public Wait await(String jobId, String platform) {
        subscribe(keys.jobEnded(platform));
        CompletableFuture<Void> ended = new CompletableFuture<>();
        waiting.put(jobId, ended);
        if (hasEnded(await(redis.hget(keys.job(jobId), JobRecord.STATUS)))) {
            ended.complete(null);
        }
        return new Wait(jobId, ended);
    }

    private void subscribe(String channel) {
        if (subscribed.contains(channel)) {
            return;
        }
        synchronized (subscribed) {
            if (!subscribed.contains(channel)) {
                // returns once Redis has confirmed: from here on every end on the channel is heard
                connection.sync().subscribe(channel);
                subscribed.add(channel);
            }
        }
    }

    private void ended(String jobId) {
        CompletableFuture<Void> ended = waiting.get(jobId);
        if (ended != null) {
            ended.complete(null);
        }
    }

    /** Reads the status of every waited job in one pipeline and completes those that have ended. */
    private void checkWaited() {
        try {
            List<String> ids = new ArrayList<>(waiting.keySet());
            if (ids.isEmpty()) {
                return;
            }
            List<RedisFuture<String>> statuses = ids.stream()
                    .map(id -> redis.hget(keys.job(id), JobRecord.STATUS))
                    .toList();
            for (int i = 0; i < ids.size(); i++) {
                if (hasEnded(await(statuses.get(i)))) {
                    ended(ids.get(i));
                }
            }
        } catch (RuntimeException e) {
            // Redis unreachable: the waits end by their own timeouts; try again at the next check
            LogEvent.warn(LOG, "job_ends.check_failed", "error", e.getMessage());
        }
    }

    /** A job has ended when its status says so, or when its hash is gone. */
    private static boolean hasEnded(String status) {
        return status == null || JobStatus.fromWireName(status).finished();
    }

    private static <T> T await(RedisFuture<T> future) {
        try {
            return future.get(CHECK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while reading a job's status", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new RedisException("reading a job's status failed", e);
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
        connection.close();
    }
}
