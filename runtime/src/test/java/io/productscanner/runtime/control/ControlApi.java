package io.productscanner.runtime.control;

import io.productscanner.runtime.api.ApiServer;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.job.PlatformActivity;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.Queues;
import io.productscanner.runtime.results.ResultsDirectory;
import io.productscanner.runtime.testing.TestRedis;
import io.productscanner.runtime.workflow.NodeContext;
import io.productscanner.runtime.workflow.NodeResult;
import io.productscanner.runtime.workflow.NodeType;
import io.productscanner.runtime.workflow.NodeTypes;
import io.productscanner.runtime.workflow.WorkflowCatalog;
import io.productscanner.runtime.workflow.WorkflowRunner;
import io.productscanner.runtime.workflow.WorkflowSubmitter;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.productscanner.runtime.testing.ApiEnvelope.data;

/**
 * The real Helidon API in this JVM over a real Redis, with one plugin ({@link #PLATFORM}, whose scanners are
 * recorded) and two workflows: {@link #NOOP} on the default queue and {@link #USE_SCANNER} on the plugin's queue,
 * whose only node asks the registry for the platform's scanner.
 */
final class ControlApi implements AutoCloseable {
    static final String PLATFORM = "alpha";
    static final String NOOP = "noop-v1";
    static final String USE_SCANNER = "use-scanner-v1";
    static final String EXECUTE = "/api/v2/workflows/execute";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final TestRedis redis;
    final PluginRegistry plugins;
    final WorkflowRunner runner;
    final JobQueue queue;
    final Queues queues;
    /** Every scanner the plugin created, in order. */
    final List<RecordingScanner> scanners;
    private final ApiServer api;

    private ControlApi(TestRedis redis, PluginRegistry plugins, WorkflowRunner runner, Queues queues,
                       List<RecordingScanner> scanners, ApiServer api) {
        this.redis = redis;
        this.plugins = plugins;
        this.runner = runner;
        this.queues = queues;
        this.queue = queues.jobs();
        this.scanners = scanners;
        this.api = api;
    }

    static ControlApi start(Path root) throws IOException {
        TestRedis redis = TestRedis.start();
        List<RecordingScanner> scanners = new CopyOnWriteArrayList<>();
        PluginRegistry plugins = PluginRegistry.of(List.of(new RecordingPlugin(scanners)), Settings.of(Map.of()));
        NodeTypes nodeTypes = new NodeTypes(List.of(node("noop", context -> { }),
                node("use-scanner", context -> context.plugins().scanner(context.plugins().find(PLATFORM)
                        .orElseThrow()))));
        Path workflowsDir = Files.createDirectories(root.resolve("workflows"));
        Files.writeString(workflowsDir.resolve("noop.json"), """
                {"workflow_id": "%s", "start_node": "only", "nodes": {"only": {"type": "noop"}}}"""
                .formatted(NOOP));
        Files.writeString(workflowsDir.resolve("use-scanner.json"), """
                {"workflow_id": "%s", "platform": "%s", "start_node": "only",
                 "nodes": {"only": {"type": "use-scanner"}}}""".formatted(USE_SCANNER, PLATFORM));
        WorkflowCatalog workflows = WorkflowCatalog.load(workflowsDir, nodeTypes);
        var store = redis.store();
        Queues queues = redis.queues(Duration.ofSeconds(30));
        WorkflowRunner runner = new WorkflowRunner(workflows, nodeTypes, plugins, store);
        WorkflowSubmitter submitter = new WorkflowSubmitter(workflows, runner, plugins, queues.jobs());
        ApiServer api = ApiServer.start("127.0.0.1", 0, new ApiServer.Dependencies(workflows, submitter, store,
                new PlatformActivity(redis.connections().shared().async(), redis.keys(), Clock.systemUTC()),
                plugins, new ResultsDirectory(root.resolve("results")), redis.connections().commands(), queues,
                redis.jobEnds()));
        return new ControlApi(redis, plugins, runner, queues, scanners, api);
    }

    private interface NodeBody {
        void run(NodeContext context);
    }

    private static NodeType node(String name, NodeBody body) {
        return new NodeType() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public NodeResult run(NodeContext context) {
                body.run(context);
                return NodeResult.continueAll();
            }
        };
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)));
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Runs {@code workflowId} through the API and returns the new job's id. */
    String submit(String workflowId) throws IOException, InterruptedException {
        HttpResponse<String> response = post(EXECUTE, "{\"workflow_id\": \"" + workflowId + "\"}");
        if (response.statusCode() != 202) {
            throw new AssertionError("submit answered " + response.statusCode() + ": " + response.body());
        }
        return data(response).path("job_id").asText();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + api.port() + path);
    }


    @Override
    public void close() {
        api.close();
        plugins.close();
        redis.close();
    }

    /** A scanner that only records whether it was closed. */
    static final class RecordingScanner implements ProductScanner {
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public ProductSnapshot scan(URI productUrl) {
            throw new UnsupportedOperationException("the control tests never scan a product");
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    private record RecordingPlugin(List<RecordingScanner> created) implements PlatformPlugin {
        @Override
        public String id() {
            return PLATFORM;
        }

        @Override
        public PluginKind kind() {
            return PluginKind.API;
        }

        @Override
        public boolean matches(URI url) {
            return url.getHost() != null && url.getHost().endsWith("alpha.example");
        }

        @Override
        public String productId(URI url) {
            return url.getPath();
        }

        @Override
        public URI canonicalUrl(String productId) {
            return URI.create("https://alpha.example/" + productId);
        }

        @Override
        public ProductScanner createScanner(PluginContext context) {
            RecordingScanner scanner = new RecordingScanner();
            created.add(scanner);
            return scanner;
        }
    }
}
