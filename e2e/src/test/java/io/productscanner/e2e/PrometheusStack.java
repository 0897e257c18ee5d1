package io.productscanner.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Debian's Prometheus and Alertmanager on free loopback ports, configured from the committed docker/prometheus and
 * docker/alertmanager files with only what a test must change: targets and ports, faster intervals, the backlog
 * alert's threshold, and webhook URL files pointing at a local sink.
 */
final class PrometheusStack implements AutoCloseable {
    static final Path DOCKER = repoRoot().resolve("docker");

    private final Process prometheus;
    private final Process alertmanager;
    private final Path logs;
    private final int prometheusPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusStack(Process prometheus, Process alertmanager, Path logs, int prometheusPort) {
        this.prometheus = prometheus;
        this.alertmanager = alertmanager;
        this.logs = logs;
        this.prometheusPort = prometheusPort;
    }

    /** Where the committed configuration points, and what the test puts there instead. */
    record Targets(String api, List<String> workers, int backlogThreshold, String slackUrl, String discordUrl) {}

    static PrometheusStack start(Path work, Targets targets) throws IOException {
        Path config = Files.createDirectories(work.resolve("config"));
        int prometheusPort = ScannerProcessHandle.freePort();
        int alertmanagerPort = ScannerProcessHandle.freePort();
        writePrometheusConfig(config, targets, alertmanagerPort);
        writeAlertRules(config, targets.backlogThreshold());
        writeAlertmanagerConfig(config, targets);

        Path logs = Files.createDirectories(work.resolve("logs"));
        Process alertmanager = start(
                logs.resolve("alertmanager.log"),
                tool("prometheus-alertmanager", "alertmanager"),
                "--config.file=" + config.resolve("alertmanager.yml"),
                "--storage.path=" + Files.createDirectories(work.resolve("alertmanager-data")),
                "--web.listen-address=127.0.0.1:" + alertmanagerPort,
                "--cluster.listen-address=");
        Process prometheus = start(
                logs.resolve("prometheus.log"),
                tool("prometheus"),
                "--config.file=" + config.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + Files.createDirectories(work.resolve("prometheus-data")),
                "--web.listen-address=127.0.0.1:" + prometheusPort);
        return new PrometheusStack(prometheus, alertmanager, logs, prometheusPort);
    }

    /** The committed prometheus.yml, scraping the test's processes every second and alerting the test's Alertmanager. */
    @SuppressWarnings("unchecked")
    private static void writePrometheusConfig(Path dir, Targets targets, int alertmanagerPort) throws IOException {
        Map<String, Object> config = read(DOCKER.resolve("prometheus/prometheus.yml"));
        Map<String, Object> global = (Map<String, Object>) config.get("global");
        global.put("scrape_interval", "1s");
        global.put("evaluation_interval", "1s");
        Map<String, Object> alerting = (Map<String, Object>) config.get("alerting");
        Map<String, Object> alertmanagers = ((List<Map<String, Object>>) alerting.get("alertmanagers")).getFirst();
        ((List<Map<String, Object>>) alertmanagers.get("static_configs"))
                .getFirst()
                .put("targets", List.of("127.0.0.1:" + alertmanagerPort));
        for (Map<String, Object> job : (List<Map<String, Object>>) config.get("scrape_configs")) {
            Map<String, Object> statics = ((List<Map<String, Object>>) job.get("static_configs")).getFirst();
            switch ((String) job.get("job_name")) {
                case "api" -> statics.put("targets", List.of(targets.api()));
                case "workers" -> statics.put("targets", targets.workers());
                default ->
                    throw new IllegalStateException(
                            "prometheus.yml has a scrape job this test does not know: " + job.get("job_name"));
            }
        }
        write(dir.resolve("prometheus.yml"), config);
    }

    /**
     * The committed alerts.yml with the backlog alert's threshold lowered and its 15 minutes cut to a second, and
     * the parse-failure alert's windows cut to a minute, its minimum count to one and its 10 minutes to a second.
     */
    @SuppressWarnings("unchecked")
    private static void writeAlertRules(Path dir, int threshold) throws IOException {
        Map<String, Object> rules = read(DOCKER.resolve("prometheus/alerts.yml"));
        Set<String> found = new HashSet<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                String expr = (String) rule.get("expr");
                if ("ScannerQueueBacklog".equals(rule.get("alert"))) {
                    rule.put("expr", replaced(expr, "> \\d+\\s*$", "> " + threshold));
                    rule.put("for", "1s");
                    found.add("ScannerQueueBacklog");
                } else if ("ScannerParseFailuresRising".equals(rule.get("alert"))) {
                    rule.put("expr", replaced(replaced(expr, "\\[30m\\]", "[1m]"), ">= \\d+", ">= 1"));
                    rule.put("for", "1s");
                    found.add("ScannerParseFailuresRising");
                }
            }
        }
        if (found.size() != 2) {
            throw new IllegalStateException(
                    "alerts.yml lacks ScannerQueueBacklog or ScannerParseFailuresRising: " + found);
        }
        write(dir.resolve("alerts.yml"), rules);
    }

    private static String replaced(String expr, String regex, String replacement) {
        if (!Pattern.compile(regex).matcher(expr).find()) {
            throw new IllegalStateException("alert expression no longer has '" + regex + "': " + expr);
        }
        return expr.replaceAll(regex, replacement);
    }

    /** The committed alertmanager.yml, its webhook URL files written with the sink's URLs, its first wait 1 s. */
    @SuppressWarnings("unchecked")
    private static void writeAlertmanagerConfig(Path dir, Targets targets) throws IOException {
        Map<String, Object> config = read(DOCKER.resolve("alertmanager/alertmanager.yml"));
        ((Map<String, Object>) config.get("route")).put("group_wait", "1s");
        Map<String, String> urls = Map.of("slack", targets.slackUrl(), "discord", targets.discordUrl());
        for (Map<String, Object> receiver : (List<Map<String, Object>>) config.get("receivers")) {
            String name = (String) receiver.get("name");
            for (Map<String, Object> slack : (List<Map<String, Object>>) receiver.get("slack_configs")) {
                Path secret = dir.resolve(name + "_webhook_url");
                Files.writeString(secret, urls.get(name));
                slack.put("api_url_file", secret.toString());
            }
        }
        write(dir.resolve("alertmanager.yml"), config);
    }

    /** The result of an instant query: {@code data.result}, an array of samples. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
                                + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = Api.JSON.readTree(response.body());
        if (response.statusCode() != 200
                || !"success".equals(body.path("status").asText())) {
            throw new AssertionError(
                    "query " + promql + " failed: HTTP " + response.statusCode() + " " + response.body());
        }
        return body.path("data").path("result");
    }

    /** Polls {@code promql} until it returns at least one sample. */
    JsonNode awaitData(String promql, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode result = awaitReady(() -> query(promql), deadline);
            if (!result.isEmpty()) {
                return result;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no data for " + promql + " within " + timeout + "\n" + logs());
            }
            Thread.sleep(500);
        }
    }

    /** Retries while Prometheus is still starting (connection refused). */
    private <T> T awaitReady(Call<T> call, long deadline) throws Exception {
        while (true) {
            try {
                return call.run();
            } catch (ConnectException e) {
                if (!prometheus.isAlive() || !alertmanager.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("Prometheus or Alertmanager did not start:\n" + logs(), e);
                }
                Thread.sleep(200);
            }
        }
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String name : List.of("prometheus.log", "alertmanager.log")) {
            Path file = logs.resolve(name);
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                all.append("--- ")
                        .append(name)
                        .append(" (last 30 lines)\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())))
                        .append('\n');
            }
        }
        return all.toString();
    }

    private static Process start(Path log, String... command) throws IOException {
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static Map<String, Object> read(Path file) throws IOException {
        return new Yaml().load(Files.readString(file));
    }

    private static void write(Path file, Map<String, Object> config) throws IOException {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Files.writeString(file, new Yaml(options).dump(config));
    }

    /** The first of {@code names} on the PATH; failing, not skipping, when none is: CI must run this test. */
    static String tool(String... names) {
        for (String name : names) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new AssertionError(String.join(" or ", names) + " not found on PATH: install Debian's `prometheus` "
                + "and `prometheus-alertmanager` packages (scripts/install-test-prerequisites.sh does)");
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docker/prometheus"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no docker/prometheus above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : new ArrayList<>(List.of(prometheus, alertmanager))) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
