package io.productscanner.runtime.metrics;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API's requests as Micrometer's {@code http.server.requests} timer, which Prometheus reads as
 * {@code http_server_requests_seconds_{count,sum,bucket}}, tagged {@code method}, {@code uri} (the route template,
 * never the raw path: {@code /api/v2/jobs/{job_id}}, or {@link #NOT_FOUND} for a path no route serves),
 * {@code status} and {@code outcome}: the names community dashboards chart.
 */
public final class HttpServerRequests {
    static final String NAME = "http.server.requests";
    /** The {@code uri} of a request no route took, as Micrometer names it. */
    public static final String NOT_FOUND = "NOT_FOUND";

    /** Prometheus' default buckets: API calls take milliseconds; the extract endpoints wait up to 30 s. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30)
    };

    private final MeterRegistry registry;
    /** One timer per tag set, looked up once: a registry lookup per request costs more than the request's route. */
    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();

    public HttpServerRequests(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String method, String uri, int status, Duration took) {
        timers.computeIfAbsent(
                        List.of(method, uri, Integer.toString(status)),
                        tags -> registry.getOrCreate(Timer.builder(NAME)
                                .description("HTTP requests the API served, by route template and status")
                                .buckets(BUCKETS)
                                .percentiles(new double[0])
                                .addTag(Tag.create("method", method))
                                .addTag(Tag.create("uri", uri))
                                .addTag(Tag.create("status", tags.get(2)))
                                .addTag(Tag.create("outcome", outcome(status)))))
                .record(took);
    }

    /** Micrometer's outcome of a status. */
    static String outcome(int status) {
        return switch (status / 100) {
            case 1 -> "INFORMATIONAL";
            case 2 -> "SUCCESS";
            case 3 -> "REDIRECTION";
            case 4 -> "CLIENT_ERROR";
            case 5 -> "SERVER_ERROR";
            default -> "UNKNOWN";
        };
    }
}
