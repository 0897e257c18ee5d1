package io.productscanner.runtime.testing;

import io.productscanner.runtime.api.ApiLimits;
import io.productscanner.runtime.api.ApiServer;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.job.PlatformActivity;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.plugin.PluginsConfig;
import io.productscanner.runtime.queue.QueuePolicy;
import io.productscanner.runtime.queue.Queues;
import io.productscanner.runtime.results.ResultsDirectory;
import io.productscanner.runtime.workflow.NodeType;
import io.productscanner.runtime.workflow.NodeTypes;
import io.productscanner.runtime.workflow.WorkflowCatalog;
import io.productscanner.runtime.workflow.WorkflowRunner;
import io.productscanner.runtime.workflow.WorkflowSubmitter;
import io.productscanner.spi.PlatformPlugin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The real Helidon API in this JVM over a real Redis ({@link TestRedis}), wired as {@code serve} wires it, with
 * the node types, one-node workflows and plugins a test names; the API's fixtures build on it.
 */
public final class TestApi implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final TestRedis redis;
    private final PluginRegistry plugins;
    private final Queues queues;
    private final JobStore store;
    private final WorkflowRunner runner;
    private final ApiServer server;

    private TestApi(
            TestRedis redis,
            PluginRegistry plugins,
            Queues queues,
            JobStore store,
            WorkflowRunner runner,
            ApiServer server) {
        this.redis = redis;
        this.plugins = plugins;
        this.queues = queues;
        this.store = store;
        this.runner = runner;
        this.server = server;
    }

    /** An API whose workflows, plugins and results live under {@code root}. */
    public static Builder in(Path root) {
        return new Builder(root);
    }

    public TestRedis redis() {
        return redis;
    }

    public PluginRegistry plugins() {
        return plugins;
    }

    public Queues queues() {
        return queues;
    }

    public JobStore store() {
        return store;
    }

    /** The runner the API's submits use, as a worker would run their jobs. */
    public WorkflowRunner runner() {
        return runner;
    }

    public HttpClient http() {
        return HTTP;
    }

    public int port() {
        return server.port();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** Sends {@code request} built on {@link #uri}, with a timeout so a hung server fails the test. */
    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    public HttpResponse<String> postJson(String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    @Override
    public void close() {
        server.close();
        plugins.close();
        redis.close();
    }

    /** What the API holds; {@link #start()} writes the workflows and starts Redis and the server. */
    public static final class Builder {
        private final Path root;
        private final List<NodeType> nodeTypes = new ArrayList<>();
        private final Map<String, String> workflows = new LinkedHashMap<>();
        private List<PlatformPlugin> plugins;
        private UnaryOperator<QueuePolicy> policy = UnaryOperator.identity();
        private ApiLimits limits = ApiLimits.DEFAULTS;
        private Function<ApiServer.Dependencies, ApiServer> listen = deps -> ApiServer.start("127.0.0.1", 0, deps);
        private boolean restartableRedis;

        private Builder(Path root) {
            this.root = root;
        }

        public Builder nodeType(NodeType type) {
            nodeTypes.add(type);
            return this;
        }

        /** A workflow {@code workflowId} of one node of type {@code nodeType}, on the default queue. */
        public Builder workflow(String workflowId, String nodeType) {
            workflows.put(workflowId, """
                    {"workflow_id": "%s", "start_node": "only", "nodes": {"only": {"type": "%s"}}}""".formatted(workflowId, nodeType));
            return this;
        }

        /** A workflow {@code workflowId} of one node of type {@code nodeType}, on {@code platform}'s queue. */
        public Builder workflow(String workflowId, String platform, String nodeType) {
            workflows.put(workflowId, """
                    {"workflow_id": "%s", "platform": "%s", "start_node": "only",
                     "nodes": {"only": {"type": "%s"}}}""".formatted(workflowId, platform, nodeType));
            return this;
        }

        /** A workflow {@code workflowId} as the JSON of its file. */
        public Builder workflowJson(String workflowId, String json) {
            workflows.put(workflowId, json);
            return this;
        }

        /** These plugins instead of those in an empty plugin folder. */
        public Builder plugins(List<PlatformPlugin> plugins) {
            this.plugins = List.copyOf(plugins);
            return this;
        }

        /** The queue's policy changed from the default with a 30 s lease. */
        public Builder queuePolicy(UnaryOperator<QueuePolicy> change) {
            this.policy = change;
            return this;
        }

        public Builder limits(ApiLimits limits) {
            this.limits = limits;
            return this;
        }

        /** How the server listens; unless told, on a free loopback port without a token. */
        public Builder listening(Function<ApiServer.Dependencies, ApiServer> start) {
            this.listen = start;
            return this;
        }

        /** Over a Redis the test can stop and start again ({@link TestRedis#startRestartable}). */
        public Builder restartableRedis() {
            this.restartableRedis = true;
            return this;
        }

        public TestApi start() throws IOException {
            NodeTypes types = new NodeTypes(nodeTypes);
            Path workflowsDir = Files.createDirectories(root.resolve("workflows"));
            for (Map.Entry<String, String> workflow : workflows.entrySet()) {
                Files.writeString(workflowsDir.resolve(workflow.getKey() + ".json"), workflow.getValue());
            }
            WorkflowCatalog catalog = WorkflowCatalog.load(workflowsDir, types);
            TestRedis redis = restartableRedis ? TestRedis.startRestartable(root.resolve("redis")) : TestRedis.start();
            PluginRegistry registry = plugins == null
                    ? PluginRegistry.load(
                            new PluginsConfig(Files.createDirectories(root.resolve("plugins")), List.of()),
                            Settings.of(Map.of()))
                    : PluginRegistry.of(plugins, Settings.of(Map.of()));
            try {
                JobStore store = redis.store();
                Queues queues = Queues.over(
                        redis.connections().commands(),
                        redis.keys(),
                        policy.apply(QueuePolicy.of(Duration.ofSeconds(30), Duration.ofHours(1))));
                WorkflowRunner runner = new WorkflowRunner(catalog, types, registry, store);
                WorkflowSubmitter submitter = new WorkflowSubmitter(catalog, runner, registry, queues.jobs());
                ApiServer server = listen.apply(new ApiServer.Dependencies(
                        catalog,
                        submitter,
                        store,
                        new PlatformActivity(redis.connections().shared().async(), redis.keys(), Clock.systemUTC()),
                        registry,
                        new ResultsDirectory(root.resolve("results")),
                        redis.connections().commands(),
                        queues,
                        Optional.empty(),
                        Duration.ofSeconds(30),
                        redis.jobEnds(),
                        limits));
                return new TestApi(redis, registry, queues, store, runner, server);
            } catch (RuntimeException e) {
                registry.close();
                redis.close();
                throw e;
            }
        }
    }
}
