package io.productscanner.runtime.control;

import static io.productscanner.runtime.testing.ApiEnvelope.data;

import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.Queues;
import io.productscanner.runtime.testing.ApiFixture;
import io.productscanner.runtime.testing.TestApi;
import io.productscanner.runtime.testing.TestNodes;
import io.productscanner.runtime.testing.TestRedis;
import io.productscanner.runtime.workflow.NodeContext;
import io.productscanner.runtime.workflow.NodeResult;
import io.productscanner.runtime.workflow.NodeType;
import io.productscanner.runtime.workflow.WorkflowException;
import io.productscanner.runtime.workflow.WorkflowRunner;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The real Helidon API in this JVM over a real Redis, with one plugin ({@link #PLATFORM}, whose scanners are
 * recorded) and two workflows: {@link #NOOP} on the default queue and {@link #USE_SCANNER} on the plugin's queue,
 * whose only node asks the registry for the platform's scanner. Held in a {@code @RegisterExtension static final}
 * field ({@link #perClass}), it serves one test class.
 */
final class ControlApi extends ApiFixture {
    static final String PLATFORM = "alpha";
    static final String NOOP = "noop-v1";
    static final String USE_SCANNER = "use-scanner-v1";
    /** On the plugin's queue: does nothing. */
    static final String ALPHA_NOOP = "alpha-noop-v1";
    /** On the plugin's queue: waits until the test opens the gate ({@link #openGate}). */
    static final String GATED = "gated-v1";
    /** On the plugin's queue: {@code choose} takes {@code left} and skips {@code right}; then the gated {@code finish}. */
    static final String BRANCHY = "branchy-v1";
    /** On the plugin's queue: {@code start}, then {@code boom}, which fails the job. */
    static final String FAILING = "failing-v1";
    /** On the plugin's queue: {@code start}, then {@code halt}, which stops the job as a dying worker would; {@code end}. */
    static final String HALTING = "halting-v1";
    /** On the default queue: nodes whose config uses params, some with defaults, some described. */
    static final String PARAMETERISED = "parameterised-v1";

    static final String EXECUTE = "/api/v2/workflows/execute";

    /** Every scanner the plugin created, in order. */
    private final List<RecordingScanner> scanners = new CopyOnWriteArrayList<>();
    /** Permits for the gated workflow's node, one a run. */
    private final Semaphore gate = new Semaphore(0);

    private ControlApi() {}

    static ControlApi perClass() {
        return new ControlApi();
    }

    @Override
    protected TestApi.Builder configure(TestApi.Builder api) {
        return api.plugins(List.of(new RecordingPlugin(scanners)))
                .nodeType(TestNodes.noop())
                .nodeType(TestNodes.node(
                        "use-scanner",
                        context -> context.plugins()
                                .scanner(context.plugins().find(PLATFORM).orElseThrow())))
                .nodeType(TestNodes.node("gate", context -> {
                    try {
                        if (!gate.tryAcquire(30, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("the test never opened the gate");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted at the gate", e);
                    }
                }))
                .nodeType(TestNodes.node("boom", context -> {
                    throw new WorkflowException("boom");
                }))
                .nodeType(TestNodes.node("halt", context -> context.control().stop("its worker died")))
                .nodeType(new NodeType() {
                    @Override
                    public String name() {
                        return "choose-left";
                    }

                    @Override
                    public NodeResult run(NodeContext context) {
                        return NodeResult.only(List.of("left"));
                    }
                })
                .workflowJson(BRANCHY, """
                        {"workflow_id": "%s", "platform": "%s", "start_node": "choose", "nodes": {
                          "choose": {"type": "choose-left", "next_nodes": ["left", "right"]},
                          "left": {"type": "noop", "next_nodes": ["finish"]},
                          "right": {"type": "noop", "next_nodes": ["finish"]},
                          "finish": {"type": "gate"}}}""".formatted(BRANCHY, PLATFORM))
                .workflowJson(FAILING, """
                        {"workflow_id": "%s", "platform": "%s", "start_node": "start", "nodes": {
                          "start": {"type": "noop", "next_nodes": ["boom"]},
                          "boom": {"type": "boom"}}}""".formatted(FAILING, PLATFORM))
                .workflowJson(HALTING, """
                        {"workflow_id": "%s", "platform": "%s", "start_node": "start", "nodes": {
                          "start": {"type": "noop", "next_nodes": ["halt"]},
                          "halt": {"type": "halt", "next_nodes": ["end"]},
                          "end": {"type": "noop"}}}""".formatted(HALTING, PLATFORM))
                .workflowJson(PARAMETERISED, """
                        {"workflow_id": "%s", "start_node": "read",
                         "defaults": {"limit": 100, "source": "auto", "unused": true},
                         "param_descriptions": {"source": "where the products come from", "products": "what to check"},
                         "nodes": {
                          "read": {"type": "noop", "config": {"source": "${source}", "limit": "${limit}",
                                                              "table": "${catalog.table}"},
                                   "next_nodes": ["tell"]},
                          "tell": {"type": "noop", "config": {"text": "checked ${limit} of ${shop}"}}}}""".formatted(PARAMETERISED))
                .workflow(NOOP, "noop")
                .workflow(USE_SCANNER, PLATFORM, "use-scanner")
                .workflow(ALPHA_NOOP, PLATFORM, "noop")
                .workflow(GATED, PLATFORM, "gate");
    }

    /** Lets one run of the gated workflow go on. */
    void openGate() {
        gate.release();
    }

    TestRedis redis() {
        return api().redis();
    }

    PluginRegistry plugins() {
        return api().plugins();
    }

    WorkflowRunner runner() {
        return api().runner();
    }

    JobQueue queue() {
        return api().queues().jobs();
    }

    Queues queues() {
        return api().queues();
    }

    /** Every scanner the plugin created, in order. */
    List<RecordingScanner> scanners() {
        return scanners;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return api().get(path);
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return api().postJson(path, json);
    }

    /** Runs {@code workflowId} through the API and returns the new job's id. */
    String submit(String workflowId) throws IOException, InterruptedException {
        HttpResponse<String> response = post(EXECUTE, "{\"workflow_id\": \"" + workflowId + "\"}");
        if (response.statusCode() != 202) {
            throw new AssertionError("submit answered " + response.statusCode() + ": " + response.body());
        }
        return data(response).path("job_id").asText();
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
