package io.productscanner.runtime.api;

import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.testing.ApiFixture;
import io.productscanner.runtime.testing.TestApi;
import io.productscanner.runtime.testing.TestNodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The real Helidon API in this JVM over a real Redis, with one workflow ({@link #WORKFLOW_ID}) whose only node
 * does nothing, so a valid submit is queued and an invalid one visibly is not. Held in a
 * {@code @RegisterExtension static final} field ({@link #perClass}) it serves one test class; {@link #start}
 * starts one for a single test.
 */
final class InProcessApi extends ApiFixture {
    static final String WORKFLOW_ID = "noop-v1";
    static final String EXECUTE = "/api/v2/workflows/execute";

    private final Function<ApiServer.Dependencies, ApiServer> listen;

    private ApiServer.Dependencies dependencies;

    private InProcessApi(Function<ApiServer.Dependencies, ApiServer> listen) {
        this.listen = deps -> {
            dependencies = deps;
            return listen.apply(deps);
        };
    }

    /** What the running server was started with. */
    ApiServer.Dependencies dependencies() {
        return dependencies;
    }

    /** For one test class; with {@code token}, the API asks for it. */
    static InProcessApi perClass(Optional<String> token) {
        return new InProcessApi(deps -> ApiServer.start("127.0.0.1", 0, token, deps));
    }

    /** For one test class, as {@code serve} would start with these settings: host, port and token from them. */
    static InProcessApi perClass(Settings settings) {
        return new InProcessApi(deps -> ApiServer.start(ApiAccess.from(settings), deps));
    }

    /** Starts on a free loopback port; with {@code token}, the API asks for it. */
    static InProcessApi start(Path root, Optional<String> token) throws IOException {
        return startIn(root, perClass(token));
    }

    /** Starts as {@code serve} would with these settings: host, port and token all from {@code settings}. */
    static InProcessApi start(Path root, Settings settings) throws IOException {
        return startIn(root, perClass(settings));
    }

    private static InProcessApi startIn(Path root, InProcessApi fixture) throws IOException {
        fixture.startIn(root);
        return fixture;
    }

    @Override
    protected TestApi.Builder configure(TestApi.Builder api) {
        return api.nodeType(TestNodes.noop()).workflow(WORKFLOW_ID, "noop").listening(listen);
    }

    URI uri(String path) {
        return api().uri(path);
    }

    int port() {
        return api().port();
    }

    /** Sends {@code request} built on {@link #uri}, with a timeout so a hung server fails the test. */
    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return api().send(request);
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return api().get(path, headers);
    }

    HttpResponse<String> postJson(String path, String body, String... headers)
            throws IOException, InterruptedException {
        return api().postJson(path, body, headers);
    }

    /** How many keys the runtime holds in Redis: every queued job adds some. */
    long storedKeys() {
        return api().redis()
                .connections()
                .commands()
                .keys(api().redis().keys().prefix() + "*")
                .size();
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
            socket.connect(new InetSocketAddress("127.0.0.1", port()), 5000);
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
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            return new RawResponse(status, headers, text.substring(end + 4));
        }
    }
}
