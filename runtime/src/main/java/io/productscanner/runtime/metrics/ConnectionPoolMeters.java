package io.productscanner.runtime.metrics;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * A HikariCP pool's sizes and waits in Helidon's registry, under the names Micrometer's HikariCP binder gives them
 * ({@code hikaricp_connections_active{pool="catalog"}} and so on), so community dashboards read them as they are.
 * Registered when the pool opens and removed when it closes.
 */
public final class ConnectionPoolMeters implements MetricsTrackerFactory {
    static final String CONNECTIONS = "hikaricp_connections";
    static final String ACQUIRE = "hikaricp_connections_acquire";
    static final String USAGE = "hikaricp_connections_usage";
    static final String CREATION = "hikaricp_connections_creation";
    static final String TIMEOUTS = "hikaricp_connections_timeout";

    /** Waits for a pooled connection: well under a millisecond when one is idle, up to the acquire timeout. */
    private static final Duration[] ACQUIRE_BUCKETS = millis(1, 5, 10, 50, 100, 500, 1000, 5000, 10_000, 30_000);
    /** How long work holds a connection: a page read or a batch of writes, up to the socket timeout. */
    private static final Duration[] USAGE_BUCKETS = millis(5, 10, 50, 100, 500, 1000, 5000, 10_000, 30_000, 60_000);

    private static final double[] NO_PERCENTILES = {};

    private final MeterRegistry registry;

    public ConnectionPoolMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public IMetricsTracker create(String poolName, PoolStats stats) {
        Tag pool = Tag.create("pool", poolName);
        List<Meter> meters = new ArrayList<>();
        meters.add(gauge(CONNECTIONS, "Connections open, in use or idle", pool, stats, PoolStats::getTotalConnections));
        meters.add(gauge(CONNECTIONS + "_active", "Connections in use", pool, stats, PoolStats::getActiveConnections));
        meters.add(gauge(
                CONNECTIONS + "_idle", "Connections open and unused", pool, stats, PoolStats::getIdleConnections));
        meters.add(gauge(
                CONNECTIONS + "_pending",
                "Threads waiting for a connection",
                pool,
                stats,
                PoolStats::getPendingThreads));
        meters.add(gauge(
                CONNECTIONS + "_max", "Most connections the pool opens", pool, stats, PoolStats::getMaxConnections));
        meters.add(
                gauge(CONNECTIONS + "_min", "Fewest idle connections kept", pool, stats, PoolStats::getMinConnections));
        Timer acquire = timer(ACQUIRE, "Time to get a connection from the pool", pool, ACQUIRE_BUCKETS);
        Timer usage = timer(USAGE, "Time a connection was held before it was handed back", pool, USAGE_BUCKETS);
        Timer creation = timer(CREATION, "Time to open a new connection", pool, ACQUIRE_BUCKETS);
        Counter timeouts = registry.getOrCreate(Counter.builder(TIMEOUTS)
                .description("Waits for a connection that ended without one")
                .addTag(pool));
        meters.addAll(List.of(acquire, usage, creation, timeouts));
        return new IMetricsTracker() {
            @Override
            public void recordConnectionCreatedMillis(long millis) {
                creation.record(millis, TimeUnit.MILLISECONDS);
            }

            @Override
            public void recordConnectionAcquiredNanos(long nanos) {
                acquire.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void recordConnectionUsageMillis(long millis) {
                usage.record(millis, TimeUnit.MILLISECONDS);
            }

            @Override
            public void recordConnectionTimeout() {
                timeouts.increment();
            }

            @Override
            public void close() {
                meters.forEach(registry::remove);
            }
        };
    }

    private Gauge<Integer> gauge(
            String name, String description, Tag pool, PoolStats stats, ToIntFunction<PoolStats> value) {
        return registry.getOrCreate(Gauge.builder(name, () -> value.applyAsInt(stats))
                .description(description)
                .addTag(pool));
    }

    private Timer timer(String name, String description, Tag pool, Duration[] buckets) {
        return registry.getOrCreate(Timer.builder(name)
                .description(description)
                .buckets(buckets)
                .percentiles(NO_PERCENTILES)
                .addTag(pool));
    }

    private static Duration[] millis(long... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofMillis(values[i]);
        }
        return durations;
    }
}
