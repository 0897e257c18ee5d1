package io.productscanner.runtime;

import io.lettuce.core.RedisURI;
import io.productscanner.runtime.api.ApiAccess;
import io.productscanner.runtime.api.ApiLimits;
import io.productscanner.runtime.api.ApiServer;
import io.productscanner.runtime.catalog.CatalogConfig;
import io.productscanner.runtime.catalog.CatalogPool;
import io.productscanner.runtime.catalog.CatalogSource;
import io.productscanner.runtime.catalog.PostgresCatalog;
import io.productscanner.runtime.config.Setting;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.heartbeat.CgroupMemory;
import io.productscanner.runtime.heartbeat.CurrentJobs;
import io.productscanner.runtime.heartbeat.Heartbeat;
import io.productscanner.runtime.heartbeat.PluginVersion;
import io.productscanner.runtime.heartbeat.ProcessIdentity;
import io.productscanner.runtime.job.JobEnds;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.job.PlatformActivity;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.metrics.ConnectionPoolMeters;
import io.productscanner.runtime.metrics.MetricsConfig;
import io.productscanner.runtime.metrics.MetricsServer;
import io.productscanner.runtime.metrics.ScannerMetrics;
import io.productscanner.runtime.metrics.SystemStateGauges;
import io.productscanner.runtime.notify.NotifyConfig;
import io.productscanner.runtime.plugin.LoadedPlugin;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.plugin.PluginsConfig;
import io.productscanner.runtime.queue.QueuePolicy;
import io.productscanner.runtime.queue.Queues;
import io.productscanner.runtime.redis.EmbeddedRedis;
import io.productscanner.runtime.redis.RedisConfig;
import io.productscanner.runtime.redis.RedisConnections;
import io.productscanner.runtime.redis.RedisKeys;
import io.productscanner.runtime.redis.ReplicaAcks;
import io.productscanner.runtime.results.ResultsConfig;
import io.productscanner.runtime.results.ResultsDirectory;
import io.productscanner.runtime.schedule.ScheduleStore;
import io.productscanner.runtime.schedule.ScheduledEnqueue;
import io.productscanner.runtime.schedule.Scheduler;
import io.productscanner.runtime.schedule.SchedulerLease;
import io.productscanner.runtime.worker.WorkerConfig;
import io.productscanner.runtime.worker.WorkerPool;
import io.productscanner.runtime.workflow.NodeTypes;
import io.productscanner.runtime.workflow.WorkflowCatalog;
import io.productscanner.runtime.workflow.WorkflowRunner;
import io.productscanner.runtime.workflow.WorkflowSubmitter;
import io.productscanner.runtime.workflow.nodes.BuiltInNodeTypes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Product Scanner process, wired top to bottom: settings, Redis (external, or embedded for {@code serve}),
 * plugins, workflows, then the API and/or the workers. Closing it stops the parts in reverse order; workers
 * finish their running job first.
 */
public final class ScannerProcess implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ScannerProcess.class.getName());

    /** Which parts this process runs. */
    public enum Role {
        /** API and workers for every served plugin ({@code serve}); may start the embedded Redis. */
        ALL,
        /** The API only ({@code api}). */
        API,
        /** Workers only, for {@code WORKER_PLATFORMS} ({@code worker}). */
        WORKER
    }

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private ApiServer api;
    private MetricsServer metrics;
    private Heartbeat heartbeat;
    private PluginRegistry plugins;
    private List<String> workerQueues = List.of();

    private ScannerProcess() {}

    public static ScannerProcess start(Settings settings, Role role) throws IOException {
        ScannerProcess process = new ScannerProcess();
        try {
            process.startParts(settings, role);
            return process;
        } catch (IOException | RuntimeException e) {
            process.close();
            throw e;
        }
    }

    private void startParts(Settings settings, Role role) throws IOException {
        long started = System.nanoTime();
        // every setting this role uses is read here, before anything starts: a value refused leaves no Redis,
        // plugin or worker behind. The API's and the workers' own only where they run.
        String service = settings.string(Setting.SERVICE_NAME);
        ApiAccess apiAccess = role == Role.WORKER ? null : ApiAccess.from(settings);
        ApiLimits limits = role == Role.WORKER ? null : ApiLimits.from(settings);
        Duration extractWait = role == Role.WORKER ? null : settings.millis(Setting.EXTRACT_WAIT_MS);
        WorkerConfig workerConfig = role == Role.API ? null : WorkerConfig.from(settings);
        MetricsConfig metricsConfig = role == Role.WORKER ? MetricsConfig.from(settings) : null;
        PluginsConfig pluginsConfig = PluginsConfig.from(settings);
        CatalogConfig catalogConfig = CatalogConfig.from(settings);
        NotifyConfig notifyConfig = NotifyConfig.from(settings);
        ResultsConfig resultsConfig = ResultsConfig.from(settings);
        Path workflowsDir = settings.path(Setting.WORKFLOWS_DIR);
        RedisConfig redisConfig = RedisConfig.from(settings);
        EmbeddedRedis.Options embeddedRedis =
                role == Role.ALL && redisConfig.uri().isEmpty() ? EmbeddedRedis.Options.from(settings) : null;
        QueuePolicy queuePolicy = QueuePolicy.from(settings);
        ReplicaAcks replicaAcks = ReplicaAcks.from(settings, queuePolicy.lease());
        Duration schedulerMinGap = settings.millis(Setting.SCHEDULER_MIN_GAP_MS);

        // the one set of scanner meters of this process, handed to everything that records
        ScannerMetrics scannerMetrics = ScannerMetrics.create();
        // the one pool of catalog connections, shared by the API and the nodes; connects on first use. Owned before
        // them, so closed after them
        Optional<CatalogPool> catalogPool = catalogConfig
                .database()
                .map(database -> own(new CatalogPool(
                        database, catalogConfig.pool(), new ConnectionPoolMeters(scannerMetrics.registry()))));
        // the API checks URLs against every plugin; a worker loads only what it serves, and what its workflows need
        plugins = role == Role.WORKER
                ? PluginRegistry.loadServed(pluginsConfig, settings, scannerMetrics::browserRestarted)
                : PluginRegistry.load(pluginsConfig, settings, scannerMetrics::browserRestarted);
        NodeTypes nodeTypes = BuiltInNodeTypes.create(
                plugins, catalogConfig, catalogPool, notifyConfig, resultsConfig, scannerMetrics);
        if (!plugins.everyPluginLoaded()) {
            Set<String> missing = new TreeSet<>(WorkflowCatalog.nodeTypesUsed(workflowsDir, plugins.servedQueues()));
            missing.removeAll(nodeTypes.names());
            if (!missing.isEmpty()) {
                // another plugin's node type, in a workflow of this worker's queues or of none: only loading every
                // plugin tells which one adds it
                LogEvent.info(
                        LOG,
                        "plugins.loading_every",
                        "reason",
                        "workflows use node types " + String.join(",", missing));
                plugins = plugins.withEveryPlugin();
                nodeTypes = BuiltInNodeTypes.create(
                        plugins, catalogConfig, catalogPool, notifyConfig, resultsConfig, scannerMetrics);
            }
        }
        own(plugins);
        // a worker without every plugin reads only the workflows it may run: the others' checks need plugins it lacks
        WorkflowCatalog workflows = plugins.everyPluginLoaded()
                ? WorkflowCatalog.load(workflowsDir, nodeTypes)
                : WorkflowCatalog.load(workflowsDir, nodeTypes, plugins.servedQueues());

        RedisURI redisUri = redisUri(redisConfig, embeddedRedis);
        RedisConnections redis =
                own(RedisConnections.connect(redisUri, replicaAcks, scannerMetrics::writeNotReplicated));
        RedisKeys keys = new RedisKeys(redisConfig.keyPrefix());
        Clock clock = Clock.systemUTC();
        Queues queues = Queues.over(redis.commands(), keys, queuePolicy);
        JobStore store = new JobStore(redis.commands(), redis.shared().async(), keys);
        WorkflowRunner runner = new WorkflowRunner(workflows, nodeTypes, plugins, store);
        // one of each, shared by the API, the gauges and the scheduler
        WorkflowSubmitter submitter = new WorkflowSubmitter(workflows, runner, plugins, queues.jobs());
        PlatformActivity activity = new PlatformActivity(redis.shared().async(), keys, clock);
        // owned before the workers, so closed after them: it says `stopping` while they finish, then leaves
        heartbeat = own(new Heartbeat(
                redis.commands(),
                keys,
                ProcessIdentity.thisProcess(
                        service,
                        role.name().toLowerCase(Locale.ROOT),
                        role == Role.API ? List.of() : plugins.servedQueues(),
                        plugins.loaded().stream()
                                .map(ScannerProcess::pluginVersion)
                                .toList()),
                CgroupMemory.ofThisProcess(),
                Heartbeat.DEFAULT_INTERVAL,
                Heartbeat.DEFAULT_TTL,
                clock));
        CurrentJobs currentJobs = CurrentJobs.NONE;

        if (role == Role.WORKER) {
            // no API here: the job and scan counters this worker records need a port of their own to be scraped.
            // Started before the workers claim a job: its start-up burns CPU for a moment (seconds on a loaded
            // machine), which must not starve a running job's lease renewals; owned first, so closed after them
            metrics = own(MetricsServer.start(metricsConfig.host(), metricsConfig.port(), service, redis.commands()));
        }
        if (role != Role.API) {
            workerQueues = plugins.servedQueues();
            if (workerQueues.isEmpty()) {
                throw new IllegalStateException("no platform to serve: the plugin directory "
                        + pluginsConfig.dir().toAbsolutePath() + " holds no plugin and WORKER_PLATFORMS is empty");
            }
            currentJobs = own(WorkerPool.start(
                    redis,
                    queues,
                    workerQueues,
                    service,
                    workerConfig.pollInterval(),
                    workerConfig.shutdownGrace(),
                    scannerMetrics,
                    runner));
        }
        if (role != Role.WORKER) {
            Optional<CatalogSource> catalog =
                    catalogPool.map(pool -> new PostgresCatalog(pool, catalogConfig.schema()));
            // jobs kept from before the history had its per-status indexes are put into them, once per Redis
            store.history().indexRetainedJobs();
            JobEnds jobEnds = own(JobEnds.open(redis, keys));
            api = own(ApiServer.start(
                    apiAccess,
                    new ApiServer.Dependencies(
                            workflows,
                            submitter,
                            store,
                            activity,
                            plugins,
                            new ResultsDirectory(resultsConfig.dir()),
                            redis.commands(),
                            queues,
                            catalog,
                            extractWait,
                            jobEnds,
                            limits)));
            own(SystemStateGauges.start(
                    scannerMetrics.registry(),
                    activity,
                    redis.commands(),
                    keys,
                    clock,
                    plugins.knownQueues(),
                    SystemStateGauges.DEFAULT_REFRESH));
        }
        // every process with every plugin runs one (a worker with only its own could not check, and would refuse,
        // the schedules of other platforms' workflows); the Redis lease lets only one across all processes enqueue.
        // Owned last, closed first
        if (plugins.everyPluginLoaded()) {
            ScheduleStore schedules = new ScheduleStore(redis.commands(), keys);
            own(new Scheduler(
                            schedules,
                            new SchedulerLease(redis.commands(), keys, Scheduler.DEFAULT_LEASE_TTL),
                            new ScheduledEnqueue(submitter, schedules),
                            workflows,
                            activity,
                            store,
                            redis.commands(),
                            schedulerMinGap,
                            clock,
                            scannerMetrics)
                    .start());
        }
        scannerMetrics.registerPlatforms(plugins.knownQueues());
        heartbeat.start(currentJobs);
        LogEvent.info(
                LOG,
                "process.ready",
                "role",
                role.name().toLowerCase(Locale.ROOT),
                "service",
                service,
                "port",
                api == null ? "-" : api.port(),
                "metrics_port",
                metrics == null ? null : metrics.port(),
                "plugins",
                plugins.known().isEmpty()
                        ? "-"
                        : String.join(
                                ",", plugins.known().stream().map(p -> p.id()).toList()),
                "worker_queues",
                workerQueues.isEmpty() ? "-" : String.join(",", workerQueues),
                "workflows",
                workflows.all().size(),
                "startup_ms",
                (System.nanoTime() - started) / 1_000_000);
    }

    private static PluginVersion pluginVersion(LoadedPlugin plugin) {
        return new PluginVersion(
                plugin.id(),
                plugin.version().orElse(null),
                plugin.builtFor() == null ? null : plugin.builtFor().toString());
    }

    /** The configured Redis; for {@code serve} without one, a freshly started embedded Redis. */
    private RedisURI redisUri(RedisConfig config, EmbeddedRedis.Options embedded) throws IOException {
        Optional<RedisURI> configured = config.uri();
        if (configured.isPresent()) {
            return configured.get();
        }
        if (embedded == null) {
            throw new IllegalStateException("set REDIS_URL or REDIS_HOST: only `serve` starts an embedded Redis");
        }
        return own(EmbeddedRedis.start(embedded)).uri();
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.push(resource);
        return resource;
    }

    /** The API's port, when this process runs the API. */
    public Optional<Integer> apiPort() {
        return Optional.ofNullable(api).map(ApiServer::port);
    }

    public List<String> workerQueues() {
        return workerQueues;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // a signal's stop and the shutdown hook may both get here
        }
        if (heartbeat != null) {
            heartbeat.markStopping();
        }
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LogEvent.warn(
                        LOG,
                        "process.close_failed",
                        "resource",
                        resource.getClass().getSimpleName(),
                        "error",
                        e.toString());
            }
        }
    }
}
