package io.productscanner.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * docker/docker-compose.dev.yml brought up as a compose project of its own, with the site mirror profile, from
 * docker/.env.example as it is: the command line the README gives, with free host ports so a developer's own stack
 * can keep running. Needs the images of scripts/build-images.sh; {@link #close()} removes containers and volumes.
 */
final class ComposeStack implements AutoCloseable {
    static final Path ROOT = PrometheusStack.repoRoot();
    static final Path COMPOSE_FILE = ROOT.resolve("docker/docker-compose.dev.yml");
    static final Path ENV_FILE = ROOT.resolve("docker/.env.example");
    /** The API token of docker/.env.example. */
    static final String API_TOKEN = "trial-api-token-change-me";

    private final String project;
    private final Map<String, String> environment;
    final int apiPort;
    final int prometheusPort;

    private ComposeStack(String project, Map<String, String> environment, int apiPort, int prometheusPort) {
        this.project = project;
        this.environment = environment;
        this.apiPort = apiPort;
        this.prometheusPort = prometheusPort;
    }

    /** Starts the stack with every scanner reading the recorded answers under {@code fixtures}; waits until healthy. */
    static ComposeStack up(String project, Path fixtures) throws IOException, InterruptedException {
        int apiPort = ScannerProcessHandle.freePort();
        int prometheusPort = ScannerProcessHandle.freePort();
        Map<String, String> environment = new HashMap<>();
        environment.put("MIRROR_FIXTURES", fixtures.toAbsolutePath().toString());
        environment.put("SCANNER_SITE_MIRROR", "http://mirror:8089");
        environment.put("API_PORT", Integer.toString(apiPort));
        environment.put("PROMETHEUS_PORT", Integer.toString(prometheusPort));
        environment.put("ALERTMANAGER_PORT", Integer.toString(ScannerProcessHandle.freePort()));
        ComposeStack stack = new ComposeStack(project, environment, apiPort, prometheusPort);
        stack.compose(Duration.ofMinutes(5), "down", "--volumes", "--timeout", "5");
        try {
            stack.compose(Duration.ofMinutes(5), "up", "--detach", "--wait");
        } catch (AssertionError notHealthy) {
            // what the containers said, then nothing left running to slow down the tests after this one
            String logs = stack.compose(Duration.ofMinutes(1), "logs", "--no-color", "--tail", "40");
            stack.close();
            notHealthy.addSuppressed(new AssertionError("the stack's last log lines:\n" + logs));
            throw notHealthy;
        }
        return stack;
    }

    /** Makes every image with scripts/build-images.sh, from the distribution this build assembled. */
    static void buildImages() throws IOException, InterruptedException {
        run(
                Duration.ofMinutes(20),
                List.of(ROOT.resolve("scripts/build-images.sh").toString()),
                Map.of());
    }

    /** Runs {@code docker compose -p PROJECT -f FILE --env-file FILE --profile mirror ARGS}; fails on a non-zero exit. */
    String compose(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "docker",
                "compose",
                "--project-name",
                project,
                "--file",
                COMPOSE_FILE.toString(),
                "--env-file",
                ENV_FILE.toString(),
                "--profile",
                "mirror"));
        command.addAll(List.of(args));
        return run(timeout, command, environment);
    }

    /** Runs {@code docker ARGS}; fails on a non-zero exit. */
    String docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return run(Duration.ofMinutes(2), command, environment);
    }

    /** The container of a compose service (its first replica). */
    String container(String service) {
        return project + "-" + service + "-1";
    }

    /** What the container has written to stdout and stderr since it was created (across restarts). */
    String logs(String service) throws IOException, InterruptedException {
        return docker("logs", container(service));
    }

    /** The host's process id of the container's first process (the JVM, for a scanner: the launcher execs it). */
    long hostPid(String service) throws IOException, InterruptedException {
        return Long.parseLong(docker("inspect", "--format", "{{.State.Pid}}", container(service))
                .strip());
    }

    int restartCount(String service) throws IOException, InterruptedException {
        return Integer.parseInt(docker("inspect", "--format", "{{.RestartCount}}", container(service))
                .strip());
    }

    /** Memory use and limit of every running container of the project, by service, from {@code docker stats}. */
    Map<String, MemoryUse> memory() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("stats", "--no-stream", "--format", "{{.Name}}\t{{.MemUsage}}"));
        command.addAll(docker("ps", "--filter", "label=com.docker.compose.project=" + project, "--format", "{{.Names}}")
                .lines()
                .filter(name -> !name.isBlank())
                .toList());
        String table = docker(command.toArray(String[]::new));
        Map<String, MemoryUse> byService = new LinkedHashMap<>();
        for (String line : table.lines().filter(l -> !l.isBlank()).toList()) {
            String[] columns = line.split("\t");
            String[] usage = columns[1].split("/");
            String service = columns[0].substring(project.length() + 1).replaceAll("-\\d+$", "");
            byService.put(service, new MemoryUse(bytes(usage[0]), bytes(usage[1])));
        }
        return byService;
    }

    record MemoryUse(long used, long limit) {
        long mib() {
            return used / (1024 * 1024);
        }

        long limitMib() {
            return limit / (1024 * 1024);
        }
    }

    /** "123.4MiB" as docker stats prints it, in bytes. */
    static long bytes(String size) {
        String value = size.strip();
        String[][] units = {{"GiB", "1073741824"}, {"MiB", "1048576"}, {"KiB", "1024"}, {"kB", "1000"}, {"B", "1"}};
        for (String[] unit : units) {
            if (value.endsWith(unit[0])) {
                double number = Double.parseDouble(value.substring(0, value.length() - unit[0].length()));
                return Math.round(number * Long.parseLong(unit[1]));
            }
        }
        throw new IllegalArgumentException("not a docker stats size: " + size);
    }

    private static String run(Duration timeout, List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("compose-stack", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " still running after " + timeout + ":\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ":\n" + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Removes the project's containers, network and volumes; KEEP_COMPOSE_STACK=1 leaves them for a look. */
    @Override
    public void close() throws IOException, InterruptedException {
        if ("1".equals(System.getenv("KEEP_COMPOSE_STACK"))) {
            return;
        }
        compose(Duration.ofMinutes(3), "down", "--volumes", "--timeout", "20");
    }
}
