package io.productscanner.runtime.metrics;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.redis.RedisHealthCheck;

/**
 * {@code /observe/metrics} and {@code /observe/health} for a process that runs no API ({@code worker}), so
 * Prometheus can scrape the job and scan counters it records. Nothing else is served on this port.
 */
public final class MetricsServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MetricsServer.class.getName());

    private final WebServer server;

    private MetricsServer(WebServer server) {
        this.server = server;
    }

    /** Listens on {@code host:port} ({@code port} 0 picks a free one). */
    public static MetricsServer start(String host, int port, String service, RedisCommands<String, String> redis) {
        WebServer server = WebServer.builder()
                .host(host)
                .port(port)
                .addFeature(ObserveFeature.builder()
                        .addObserver(HealthObserver.builder()
                                .details(true)
                                .useSystemServices(false)
                                .addCheck(new RedisHealthCheck(redis))
                                .build())
                        .addObserver(MetricsObserver.create())
                        .build())
                .build()
                .start();
        if (!server.isRunning()) {
            // Helidon logs a bind failure and returns a stopped server; a worker nobody can scrape must not start
            throw new IllegalStateException("cannot serve metrics on " + host + ":" + port + " (METRICS_PORT): the "
                    + "port is taken or the address is not this machine's; give each worker on one host its own "
                    + "METRICS_PORT, or 0 for any free port");
        }
        LogEvent.info(LOG, "metrics.listening", "service", service, "host", host, "port", server.port());
        return new MetricsServer(server);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
