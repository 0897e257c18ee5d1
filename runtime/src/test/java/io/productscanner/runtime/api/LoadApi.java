package io.productscanner.runtime.api;

import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.job.PlatformActivity;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.plugin.PluginsConfig;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.QueuePolicy;
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
import java.util.Optional;

/**
 * The real Helidon API in this JVM over a real Redis, with the limits under test: a no-op workflow on the default
 * queue ({@link #NOOP}) and an extract workflow ({@link ProductExtractService#URL_WORKFLOW}, one no-op node) on the
 * {@code extract} queue, which no worker serves, so its jobs wait until a test ends them through the queue.
 */
final class LoadApi implements AutoCloseable {
    static final String NOOP = "noop-v1";
    static final String EXTRACT_PLATFORM = "extract";
    static final String EXECUTE = "/api/v2/workflows/execute";
    static final String EXTRACT_BY_URL = "/api/v2/products/extract-by-url";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final TestRedis redis;
    final JobQueue queue;
    final JobStore store;
    private final PluginRegistry plugins;
    private final ApiServer api;

    private LoadApi(TestRedis redis, JobQueue queue, JobStore store, PluginRegistry plugins, ApiServer api) {
        this.redis = redis;
        this.queue = queue;
        this.store = store;
        this.plugins = plugins;
        this.api = api;
    }

    /**
     * @param maxQueuedPerPlatform the queue limit the API's submits meet
     * @param limits               the API's own limits
     */
    static LoadApi start(Path root, int maxQueuedPerPlatform, ApiLimits limits) throws IOException {
        TestRedis redis = TestRedis.start();
        NodeTypes nodeTypes = new NodeTypes(List.of(new NodeType() {
            @Override
            public String name() {
                return "noop";
            }

            @Override
            public NodeResult run(NodeContext context) {
                return NodeResult.continueAll();
            }
        }));
        Path workflowsDir = Files.createDirectories(root.resolve("workflows"));
        Files.writeString(workflowsDir.resolve("noop.json"), """
                {"workflow_id": "%s", "start_node": "only", "nodes": {"only": {"type": "noop"}}}"""
                .formatted(NOOP));
        Files.writeString(workflowsDir.resolve("extract-url.json"), """
                {"workflow_id": "%s", "platform": "%s", "start_node": "only",
                 "nodes": {"only": {"type": "noop"}}}""".formatted(ProductExtractService.URL_WORKFLOW,
                EXTRACT_PLATFORM));
        WorkflowCatalog workflows = WorkflowCatalog.load(workflowsDir, nodeTypes);
        PluginRegistry plugins = PluginRegistry.load(new PluginsConfig(
                Files.createDirectories(root.resolve("plugins")), List.of()), Settings.of(Map.of()));
        JobStore store = redis.store();
        Queues queues = Queues.over(redis.connections().commands(), redis.keys(),
                QueuePolicy.of(Duration.ofSeconds(30), Duration.ofHours(1)).withMaxQueuedPerPlatform(maxQueuedPerPlatform));
        JobQueue queue = queues.jobs();
        WorkflowSubmitter submitter = new WorkflowSubmitter(workflows,
                new WorkflowRunner(workflows, nodeTypes, plugins, store), plugins, queue);
        ApiServer api = ApiServer.start("127.0.0.1", 0, new ApiServer.Dependencies(workflows, submitter, store,
                new PlatformActivity(redis.connections().shared().async(), redis.keys(), Clock.systemUTC()),
                plugins, new ResultsDirectory(root.resolve("results")), redis.connections().commands(), queues,
                Optional.empty(), Duration.ofSeconds(30), redis.jobEnds(), limits));
        return new LoadApi(redis, queue, store, plugins, api);
    }

    int port() {
        return api.port();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(postRequest(path, json, Duration.ofSeconds(20)), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest postRequest(String path, String json, Duration timeout) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).timeout(timeout).build();
    }

    HttpClient http() {
        return HTTP;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + api.port() + path);
    }

    /** Jobs waiting in the platform's queue. */
    long queued(String platform) {
        return redis.connections().commands().zcard(redis.keys().queue(platform));
    }

    /** Calls of {@code command} Redis has served since it started (INFO commandstats; scripts' inner calls count). */
    long calls(String command) {
        String stats = redis.connections().commands().info("commandstats");
        for (String line : stats.split("\r?\n")) {
            if (line.startsWith("cmdstat_" + command + ":")) {
                for (String part : line.substring(line.indexOf(':') + 1).split(",")) {
                    if (part.startsWith("calls=")) {
                        return Long.parseLong(part.substring(6));
                    }
                }
            }
        }
        return 0;
    }

    /** Every command Redis has served since it started, INFO commands of the tests included. */
    long allCalls() {
        String stats = redis.connections().commands().info("stats");
        for (String line : stats.split("\r?\n")) {
            if (line.startsWith("total_commands_processed:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new AssertionError("INFO stats has no total_commands_processed");
    }


    @Override
    public void close() {
        api.close();
        plugins.close();
        redis.close();
    }
}
