package io.productscanner.runtime.api;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.job.PlatformActivity;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.results.ResultsDirectory;
import io.productscanner.runtime.workflow.WorkflowCatalog;
import io.productscanner.runtime.workflow.WorkflowSubmitter;

/** The HTTP API: {@code /api/v2/...} plus {@code /observe/health} and {@code /observe/metrics}. */
public final class ApiServer implements AutoCloseable {
    /** Larger bodies are refused: a job's params have no business being bigger. */
    private static final long MAX_BODY_BYTES = 1024 * 1024;

    private final WebServer server;

    private ApiServer(WebServer server) {
        this.server = server;
    }

    /** Everything the API reads and writes. */
    public record Dependencies(WorkflowCatalog workflows, WorkflowSubmitter submitter, JobStore store,
                               PlatformActivity activity, PluginRegistry plugins, ResultsDirectory results,
                               RedisCommands<String, String> redis) {
    }

    public static ApiServer start(String host, int port, Dependencies deps) {
        WebServer server = WebServer.builder()
                .host(host)
                .port(port)
                .maxPayloadSize(MAX_BODY_BYTES)
                .addFeature(ObserveFeature.builder()
                        .addObserver(HealthObserver.builder()
                                .details(true)
                                .useSystemServices(false)
                                .addCheck(new RedisHealthCheck(deps.redis()))
                                .build())
                        .addObserver(MetricsObserver.create())
                        .build())
                .routing(routing -> routes(routing, deps))
                .build()
                .start();
        return new ApiServer(server);
    }

    private static void routes(HttpRouting.Builder routing, Dependencies deps) {
        ErrorHandlers.register(routing);
        routing.register("/api/v2/workflows", new WorkflowService(deps.workflows(), deps.submitter()))
                .register("/api/v2/jobs", new JobService(deps.store(), deps.activity(), deps.plugins(),
                        deps.results()))
                .register("/api/v2/platforms", new PlatformService(deps.plugins()))
                .any("/api/v2/*", (req, res) -> {
                    throw ApiException.notFound("no_such_endpoint", "no endpoint " + req.prologue().method().text()
                            + " " + req.path().path(), null);
                });
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
