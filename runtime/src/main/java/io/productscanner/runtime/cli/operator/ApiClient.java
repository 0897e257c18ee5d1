package io.productscanner.runtime.cli.operator;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.cli.CliFailure;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.version.ProductVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The client commands' view of the API at {@code API_URL} (with {@code API_TOKEN} when set): JSON calls that
 * return the envelope's {@code data}, and raw downloads. Every failure becomes a {@link CliFailure} naming what to
 * fix, with the exit code of its kind.
 */
final class ApiClient implements AutoCloseable {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** How the API's access log tells the CLI's calls from others' ({@code caller=cli}). */
    private static final String USER_AGENT =
            "product-scanner/" + ProductVersion.current().version();

    private final String baseUrl;
    private final Optional<String> token;
    private final HttpClient http;

    ApiClient(String baseUrl, Optional<String> token) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.token = token;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The API the settings name: {@code API_URL}, {@code API_TOKEN}. */
    static ApiClient of(Settings settings) {
        ClientConfig client = ClientConfig.from(settings);
        return new ApiClient(client.apiUrl(), client.apiToken());
    }

    JsonNode get(String path) {
        return data(send(request(path).GET(), HttpResponse.BodyHandlers.ofString()));
    }

    JsonNode post(String path, JsonNode body) {
        return data(send(
                request(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())),
                HttpResponse.BodyHandlers.ofString()));
    }

    JsonNode post(String path) {
        return data(
                send(request(path).POST(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofString()));
    }

    /** Sends {@code json}, a JSON text as the caller has it (a file), with {@code method}: the API judges it. */
    JsonNode send(String method, String path, String json) {
        return data(send(
                request(path)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json)),
                HttpResponse.BodyHandlers.ofString()));
    }

    JsonNode delete(String path) {
        return data(send(request(path).DELETE(), HttpResponse.BodyHandlers.ofString()));
    }

    /** Copies a download (results as JSON Lines or CSV) to {@code out} as it arrives. */
    void download(String path, OutputStream out) {
        HttpResponse<InputStream> response = send(request(path).GET(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                data(new String(body.readAllBytes(), StandardCharsets.UTF_8), response.statusCode());
            }
            body.transferTo(out);
            out.flush();
        } catch (IOException e) {
            throw new CliFailure(
                    CliFailure.API_UNREACHABLE,
                    "the download from " + baseUrl + path + " broke off: " + e.getMessage());
        }
    }

    /** A path segment, encoded: a job id typed wrongly must reach the API as a wrong id, not as another path. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    String baseUrl() {
        return baseUrl;
    }

    private HttpRequest.Builder request(String path) {
        URI uri;
        try {
            uri = URI.create(baseUrl + path);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.USAGE, "API_URL '" + baseUrl + "' is not a URL: " + e.getMessage());
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
            throw new CliFailure(CliFailure.USAGE, "API_URL must be http(s)://host:port, not '" + baseUrl + "'");
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(CALL_TIMEOUT)
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
        token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        return builder;
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request.build(), handler);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable();
        } catch (HttpTimeoutException e) {
            throw new CliFailure(
                    CliFailure.API_UNREACHABLE,
                    "the API at " + baseUrl + " did not answer within " + CALL_TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            // a closed connection or an unknown host: either way nothing usable answers there
            throw e.getCause() instanceof ConnectException || e.getMessage() == null
                    ? unreachable()
                    : new CliFailure(
                            CliFailure.API_UNREACHABLE, "cannot talk to the API at " + baseUrl + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(CliFailure.API_UNREACHABLE, "interrupted while calling " + baseUrl);
        }
    }

    private CliFailure unreachable() {
        return new CliFailure(
                CliFailure.API_UNREACHABLE,
                "cannot reach the API at " + baseUrl + " (is it running? set API_URL to its address)");
    }

    private JsonNode data(HttpResponse<String> response) {
        return data(response.body(), response.statusCode());
    }

    /** The envelope's data, or the failure its error describes. */
    private JsonNode data(String body, int status) {
        JsonNode envelope;
        try {
            envelope = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            envelope = null;
        }
        if (envelope == null || !envelope.isObject() || !envelope.has("success")) {
            throw new CliFailure(
                    CliFailure.FAILED,
                    "HTTP " + status + " from " + baseUrl + " is not a Product Scanner API answer: "
                            + abbreviate(body));
        }
        if (envelope.path("success").asBoolean(false)) {
            return envelope.path("data");
        }
        JsonNode error = envelope.path("error");
        if (status == 401) {
            throw new CliFailure(
                    CliFailure.UNAUTHORIZED,
                    token.isEmpty()
                            ? "the API at " + baseUrl + " needs a token: set API_TOKEN"
                            : "the API at " + baseUrl + " refused API_TOKEN: "
                                    + error.path("message").asText());
        }
        throw new CliFailure(
                CliFailure.FAILED,
                "HTTP " + status + " " + error.path("code").asText() + ": "
                        + error.path("message").asText()
                        + (error.hasNonNull("field")
                                ? " (field " + error.path("field").asText() + ")"
                                : ""));
    }

    private static String abbreviate(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    @Override
    public void close() {
        http.close();
    }
}
