package io.productscanner.runtime.api;

import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.job.PlatformActivity;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.plugin.PluginsConfig;
import io.productscanner.runtime.results.ResultsDirectory;
import io.productscanner.runtime.testing.TestRedis;
import io.productscanner.runtime.workflow.NodeResult;
import io.productscanner.runtime.workflow.NodeType;
import io.productscanner.runtime.workflow.NodeTypes;
import io.productscanner.runtime.workflow.NodeContext;
import io.productscanner.runtime.workflow.WorkflowCatalog;
import io.productscanner.runtime.workflow.WorkflowRunner;
import io.productscanner.runtime.workflow.WorkflowSubmitter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static io.productscanner.runtime.testing.ApiEnvelope.error;

/**
 * The real Helidon API in this JVM over a real Redis, with one workflow ({@link #WORKFLOW_ID}) whose only node
 * does nothing, so a valid submit is queued and an invalid one visibly is not.
 */
final class InProcessApi implements AutoCloseable {
    static final String WORKFLOW_ID = "noop-v1";
    static final String EXECUTE = "/api/v2/workflows/execute";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final TestRedis redis;
    private final PluginRegistry plugins;
    private final ApiServer api;

    private InProcessApi(TestRedis redis, PluginRegistry plugins, ApiServer api) {
        this.redis = redis;
        this.plugins = plugins;
        this.api = api;
    }

    /** Starts on a free loopback port; with {@code token}, the API asks for it. */
    static InProcessApi start(Path root, Optional<String> token) throws IOException {
        return start(root, deps -> ApiServer.start("127.0.0.1", 0, token, deps));
    }

    /** Starts as {@code serve} would with these settings: host, port and token all from {@code settings}. */
    static InProcessApi start(Path root, Settings settings) throws IOException {
        return start(root, deps -> ApiServer.start(ApiAccess.from(settings), deps));
    }

    private static InProcessApi start(Path root, Function<ApiServer.Dependencies, ApiServer> server)
            throws IOException {
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
                .formatted(WORKFLOW_ID));
        WorkflowCatalog workflows = WorkflowCatalog.load(workflowsDir, nodeTypes);
        PluginRegistry plugins = PluginRegistry.load(new PluginsConfig(
                Files.createDirectories(root.resolve("plugins")), List.of()), Settings.of(Map.of()));
        var store = redis.store();
        var queues = redis.queues(Duration.ofSeconds(30));
        WorkflowSubmitter submitter = new WorkflowSubmitter(workflows,
                new WorkflowRunner(workflows, nodeTypes, plugins, store), plugins, queues.jobs());
        try {
            ApiServer api = server.apply(new ApiServer.Dependencies(workflows, submitter, store,
                    new PlatformActivity(redis.connections().shared().async(), redis.keys(), Clock.systemUTC()),
                    plugins, new ResultsDirectory(root.resolve("results")), redis.connections().commands(), queues,
                    redis.jobEnds()));
            return new InProcessApi(redis, plugins, api);
        } catch (RuntimeException e) {
            plugins.close();
            redis.close();
            throw e;
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + api.port() + path);
    }

    int port() {
        return api.port();
    }

    /** Sends {@code request} built on {@link #uri}, with a timeout so a hung server fails the test. */
    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    HttpResponse<String> postJson(String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    /** How many keys the runtime holds in Redis: every queued job adds some. */
    long storedKeys() {
        return redis.connections().commands().keys(redis.keys().prefix() + "*").size();
    }

    /** A body for {@link #EXECUTE} running the no-op workflow with {@code paramsJson}. */
    static String execute(String paramsJson) {
        return "{\"workflow_id\": \"" + WORKFLOW_ID + "\", \"params\": " + paramsJson + "}";
    }


    /**
     * Writes a raw HTTP/1.1 request on a socket and returns what the server answered until it closed or the
     * answer was complete; the client keeps writing {@code body} in the background so a server that answers
     * early is not blocked by a stalled writer.
     */
    RawResponse raw(String head, byte[] body) throws IOException, InterruptedException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", api.port()), 5000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(body);
                    out.flush();
                } catch (IOException ignored) {
                    // the server may close after answering early; what it answered is what is checked
                }
            });
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    received.write(buffer, 0, n);
                    if (RawResponse.isComplete(received.toString(StandardCharsets.UTF_8))) {
                        break;
                    }
                }
            } catch (IOException e) {
                if (received.size() == 0) {
                    throw e;
                }
            }
            writer.join(Duration.ofSeconds(5));
            return RawResponse.parse(received.toString(StandardCharsets.UTF_8));
        }
    }

    /** An HTTP answer read off a socket. */
    record RawResponse(int status, Map<String, String> headers, String body) {
        static boolean isComplete(String text) {
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return false;
            }
            RawResponse head = parse(text);
            if ("chunked".equalsIgnoreCase(head.headers().get("transfer-encoding"))) {
                return head.body().endsWith("0\r\n\r\n"); // the body stays chunked: callers read the status
            }
            String length = head.headers().get("content-length");
            return length != null && head.body().getBytes(StandardCharsets.UTF_8).length >= Integer.parseInt(length);
        }

        static RawResponse parse(String text) {
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new AssertionError("no HTTP answer, received: " + text);
            }
            String[] lines = text.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            return new RawResponse(status, headers, text.substring(end + 4));
        }
    }

    @Override
    public void close() {
        api.close();
        plugins.close();
        redis.close();
    }
}
