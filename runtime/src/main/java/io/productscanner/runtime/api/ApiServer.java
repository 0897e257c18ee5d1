package io.productscanner.runtime.api;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.access.HttpAccess;
import io.productscanner.runtime.catalog.CatalogSource;
import io.productscanner.runtime.console.ConsoleService;
import io.productscanner.runtime.heartbeat.WorkerDirectory;
import io.productscanner.runtime.job.JobEnds;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.job.PlatformActivity;
import io.productscanner.runtime.job.QueueOverview;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.queue.Queues;
import io.productscanner.runtime.redis.RedisHealthCheck;
import io.productscanner.runtime.results.ResultsDirectory;
import io.productscanner.runtime.schedule.ScheduleStore;
import io.productscanner.runtime.workflow.WorkflowCatalog;
import io.productscanner.runtime.workflow.WorkflowSubmitter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The HTTP API: {@code /api/v2/...} plus {@code /observe/health} and {@code /observe/metrics}, and the operator
 * console at {@code /console/}.
 */
public final class ApiServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ApiServer.class.getName());
    /** Larger bodies are refused: a job's params have no business being bigger. */
    private static final long MAX_BODY_BYTES = 1024 * 1024;

    private final WebServer server;
    private final HttpAccess access;

    private ApiServer(WebServer server, HttpAccess access) {
        this.server = server;
        this.access = access;
    }

    /**
     * Everything the API reads and writes.
     *
     * @param catalog     the Postgres catalog, when configured: the extract endpoints look rows up in it
     * @param extractWait how long the synchronous extract endpoints wait for their job
     * @param jobEnds     what the extract endpoints' waits wake on
     * @param limits      what the API takes at most
     */
    public record Dependencies(
            WorkflowCatalog workflows,
            WorkflowSubmitter submitter,
            JobStore store,
            PlatformActivity activity,
            PluginRegistry plugins,
            ResultsDirectory results,
            RedisCommands<String, String> redis,
            Queues queues,
            Optional<CatalogSource> catalog,
            Duration extractWait,
            JobEnds jobEnds,
            ApiLimits limits) {
        /** Without a catalog, with the default 30 s extract wait and the default limits. */
        public Dependencies(
                WorkflowCatalog workflows,
                WorkflowSubmitter submitter,
                JobStore store,
                PlatformActivity activity,
                PluginRegistry plugins,
                ResultsDirectory results,
                RedisCommands<String, String> redis,
                Queues queues,
                JobEnds jobEnds) {
            this(
                    workflows,
                    submitter,
                    store,
                    activity,
                    plugins,
                    results,
                    redis,
                    queues,
                    Optional.empty(),
                    Duration.ofSeconds(30),
                    jobEnds,
                    ApiLimits.DEFAULTS);
        }
    }

    /** An API without a token, as tests and loopback-only set-ups run it. */
    public static ApiServer start(String host, int port, Dependencies deps) {
        return start(ApiAccess.unauthenticated(host, port), deps);
    }

    /** With {@code apiToken} present, everything but health and metrics needs it as a bearer token. */
    public static ApiServer start(String host, int port, Optional<String> apiToken, Dependencies deps) {
        return start(new ApiAccess(host, port, apiToken, List.of(), List.of()), deps);
    }

    /** Listening and guarded as {@code access} says. */
    public static ApiServer start(ApiAccess access, Dependencies deps) {
        HttpAccess requests = new HttpAccess(Services.get(MeterRegistry.class));
        WebServer server = WebServer.builder()
                .host(access.host())
                .port(access.port())
                .maxPayloadSize(MAX_BODY_BYTES)
                .directHandlers(ErrorHandlers.direct(MAX_BODY_BYTES))
                // named as Helidon names its default HTTP/1 set-up, which this then replaces rather than joins
                .addProtocol(Http1Config.builder()
                        .name("http_1_1")
                        .addReceiveListener(new ClientHangUp())
                        .build())
                .addFeature(ObserveFeature.builder()
                        .addObserver(HealthObserver.builder()
                                .details(true)
                                .useSystemServices(false)
                                .addCheck(new RedisHealthCheck(deps.redis()))
                                .build())
                        .addObserver(MetricsObserver.create())
                        .build())
                .addFeature(ApiDocument.feature())
                .routing(routing -> routes(routing.addFilter(requests), access, deps))
                .build()
                .start();
        logAccess(access.host(), server.port(), access.token().isPresent());
        return new ApiServer(server, requests);
    }

    private static void logAccess(String host, int port, boolean tokenRequired) {
        if (tokenRequired) {
            LogEvent.info(LOG, "api.listening", "host", host, "port", port, "auth", "bearer");
        } else if (ListenAddress.isLoopback(host)) {
            LogEvent.warn(
                    LOG,
                    "api.listening",
                    "host",
                    host,
                    "port",
                    port,
                    "auth",
                    "none",
                    "note",
                    "no API_TOKEN: only this machine can reach the API; set API_TOKEN to serve other hosts");
        } else {
            LogEvent.warn(
                    LOG,
                    "api.listening",
                    "host",
                    host,
                    "port",
                    port,
                    "auth",
                    "none",
                    "note",
                    "no API_TOKEN: anyone who reaches this address can run and read jobs");
        }
    }

    /** Package-private so that {@code ApiRouteCoverageTest} can record every route this registers. */
    static void routes(HttpRouting.Builder routing, ApiAccess access, Dependencies deps) {
        ErrorHandlers.register(routing);
        // first: every request gets its server span, refused ones included
        routing.addFilter(new RequestSpanFilter());
        // in this order: a misdirected request is refused before its token is looked at (or counted as wrong)
        if (access.checksHostHeader()) {
            routing.addFilter(new HostHeaderFilter(access.allowedHosts()));
        }
        access.token().ifPresent(token -> routing.addFilter(new BearerTokenFilter(token, new FailedTokenAttempts())));
        routing.addFilter(new CrossOriginWriteFilter(access.allowedOrigins()));
        routing.addFilter(new JsonContentTypeFilter());
        routing.addFilter(new BodylessMethodsFilter());
        routing.register("/api/v2/workflows", new WorkflowService(deps.workflows(), deps.submitter()))
                // dead letters before jobs: the jobs' /{id} would take /dead
                .register(
                        "/api/v2/jobs",
                        new DeadLetterService(
                                deps.store(), deps.plugins(), deps.queues().retries()))
                .register(
                        "/api/v2/jobs",
                        new PlatformAdminService(deps.plugins(), deps.queues().platforms()))
                .register(
                        "/api/v2/jobs",
                        new JobService(
                                deps.store(),
                                deps.activity(),
                                deps.plugins(),
                                deps.results(),
                                deps.queues().jobs(),
                                deps.workflows()))
                .register("/api/v2/jobs", new EvidenceService(deps.results()))
                .register("/api/v2/platforms", new PlatformService(deps.plugins(), deps.activity()))
                .register(
                        "/api/v2/queues",
                        new QueueService(
                                deps.plugins(),
                                new QueueOverview(
                                        deps.redis().getStatefulConnection().async(),
                                        deps.queues().jobs().keys(),
                                        Clock.systemUTC()),
                                new WorkerDirectory(
                                        deps.redis(), deps.queues().jobs().keys(), Clock.systemUTC()),
                                deps.queues().platforms()))
                .register(
                        "/api/v2/products",
                        new ProductExtractService(
                                deps.submitter(),
                                deps.store(),
                                deps.queues().jobs(),
                                deps.jobEnds(),
                                deps.catalog(),
                                deps.extractWait(),
                                deps.limits().maxExtractWaits()))
                .register(
                        "/api/v2/workers",
                        new WorkerService(
                                new WorkerDirectory(
                                        deps.redis(), deps.queues().jobs().keys(), Clock.systemUTC()),
                                deps.queues().platforms(),
                                deps.plugins()))
                .register(
                        "/api/v2/schedules",
                        new ScheduleService(
                                new ScheduleStore(
                                        deps.redis(),
                                        deps.queues().jobs().keys(),
                                        deps.limits().maxSchedules()),
                                deps.workflows(),
                                deps.submitter(),
                                deps.store(),
                                Clock.systemUTC()))
                .register(ConsoleService.PATH, new ConsoleService())
                .any("/api/v2/*", (req, res) -> {
                    throw ApiException.notFound(
                            "no_such_endpoint",
                            "no endpoint " + req.prologue().method().text() + " "
                                    + req.path().path(),
                            null);
                });
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
        access.close();
    }
}
