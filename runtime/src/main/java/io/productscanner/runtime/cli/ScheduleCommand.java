package io.productscanner.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.cli.operator.ClientConfig;
import io.productscanner.runtime.json.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code schedules …}: manages schedules through the API at {@code API_URL} (with {@code API_TOKEN} when set):
 * {@code list}, {@code show ID}, {@code create FILE}, {@code replace ID FILE}, {@code pause ID}, {@code resume ID},
 * {@code run-now ID}, {@code delete ID}. Prints the answer's data as JSON; an error prints its message and exits 1.
 */
public final class ScheduleCommand {
    private static final String USAGE = "usage: product-scanner schedules list | show ID | create FILE | "
            + "replace ID FILE | pause ID | resume ID | run-now ID | delete ID";

    private ScheduleCommand() {
    }

    public static int run(ClientConfig client, String[] args, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        String base = client.apiUrl().replaceAll("/+$", "") + "/api/v2/schedules";
        HttpRequest.Builder request;
        try {
            request = switch (args[0]) {
                case "list" -> get(base, args, 1);
                case "show" -> get(base + "/" + id(args), args, 2);
                case "create" -> json(HttpRequest.newBuilder(URI.create(base)), file(args, 1), args, 2);
                case "replace" -> json(HttpRequest.newBuilder(URI.create(base + "/" + id(args))).method("PUT",
                        HttpRequest.BodyPublishers.noBody()), file(args, 2), args, 3);
                case "pause", "resume", "run-now" -> post(base + "/" + id(args) + "/" + args[0], args, 2);
                case "delete" -> exact(HttpRequest.newBuilder(URI.create(base + "/" + id(args))).DELETE(), args, 2);
                default -> throw new IllegalArgumentException("unknown schedules command '" + args[0] + "'");
            };
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + "\n" + USAGE);
            return 2;
        }
        client.apiToken().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        HttpResponse<String> response;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            err.println("cannot reach the API at " + client.apiUrl() + " (set API_URL)");
            return 1;
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            err.println("HTTP " + response.statusCode() + ": " + response.body());
            return 1;
        }
        if (!body.path("success").asBoolean(false)) {
            JsonNode error = body.path("error");
            err.println("HTTP " + response.statusCode() + " " + error.path("code").asText() + ": "
                    + error.path("message").asText()
                    + (error.hasNonNull("field") ? " (field " + error.path("field").asText() + ")" : ""));
            return 1;
        }
        out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(body.path("data")));
        return 0;
    }

    private static String id(String[] args) {
        if (args.length < 2 || args[1].isBlank()) {
            throw new IllegalArgumentException("'" + args[0] + "' needs a schedule id");
        }
        return URLEncoder.encode(args[1], StandardCharsets.UTF_8);
    }

    private static Path file(String[] args, int index) {
        if (args.length <= index) {
            throw new IllegalArgumentException("'" + args[0] + "' needs a JSON file with the schedule");
        }
        Path file = Path.of(args[index]);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        return file;
    }

    private static HttpRequest.Builder get(String url, String[] args, int expected) {
        return exact(HttpRequest.newBuilder(URI.create(url)).GET(), args, expected);
    }

    private static HttpRequest.Builder post(String url, String[] args, int expected) {
        return exact(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()), args, expected);
    }

    private static HttpRequest.Builder json(HttpRequest.Builder builder, Path file, String[] args, int expected) {
        try {
            String method = builder.build().method().equals("PUT") ? "PUT" : "POST";
            return exact(builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofFile(file)), args, expected);
        } catch (java.io.FileNotFoundException e) {
            throw new IllegalArgumentException("cannot read " + file);
        }
    }

    private static HttpRequest.Builder exact(HttpRequest.Builder builder, String[] args, int expected) {
        if (args.length != expected) {
            throw new IllegalArgumentException("'" + args[0] + "' takes " + (expected - 1) + " argument(s)");
        }
        return builder;
    }
}
