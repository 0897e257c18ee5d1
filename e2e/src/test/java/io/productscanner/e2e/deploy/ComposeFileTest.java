package io.productscanner.e2e.deploy;

import static io.productscanner.e2e.deploy.Repository.list;
import static io.productscanner.e2e.deploy.Repository.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker/docker-compose.dev.yml parsed as Compose reads it (anchors and merge keys resolved): the seed's ten
 * services on the right image target with their env, limits, health checks, restart policies and volumes, plus
 * the monitoring stack, and every variable it needs documented in .env.example.
 */
class ComposeFileTest {
    private static final String COMPOSE = "docker/docker-compose.dev.yml";
    private static final List<String> BROWSER_PLATFORMS = List.of("oliveyoung", "ably", "kurly");
    private static final List<String> API_PLATFORMS = List.of("hwahae", "musinsa", "zigzag");

    private static String text;
    private static Map<String, Object> services;

    @BeforeAll
    static void parse() throws IOException {
        text = Repository.read(COMPOSE);
        services = map(Repository.yaml(text), "services", "compose");
    }

    private static Map<String, Object> service(String name) {
        return map(services, name, "services");
    }

    private static Map<String, Object> environment(String name) {
        return map(service(name), "environment", name);
    }

    @Test
    void theSeedsTenServicesAndTheMonitoringStack() {
        List<String> expected = new ArrayList<>(List.of("product_scanner_dev"));
        BROWSER_PLATFORMS.forEach(p -> expected.add("worker_" + p));
        API_PLATFORMS.forEach(p -> expected.add("worker_" + p));
        expected.addAll(List.of("worker_extract", "worker_default", "redis", "prometheus", "alertmanager", "grafana"));
        expected.add("mirror");
        assertEquals(new TreeSet<>(expected), new TreeSet<>(services.keySet()));
        // what no registry-less machine can run, and the offline mirror, start only when asked for
        assertEquals(List.of("grafana"), service("grafana").get("profiles"));
        assertEquals(List.of("mirror"), service("mirror").get("profiles"));
        // every image is a variable defaulting to the upstream name, so local substitutes can stand in
        for (String name : services.keySet()) {
            assertTrue(
                    String.valueOf(service(name).get("image")).matches("\\$\\{[A-Z_]+_IMAGE:-[^}]+}"),
                    name + " image " + service(name).get("image"));
        }
        // the shared parts are written once, as the seed does
        for (String anchor : List.of("&scanner-env", "&scanner", "&api-worker", "&browser-worker")) {
            assertTrue(text.contains(anchor), anchor);
        }
    }

    @Test
    void everyWorkerHasItsImageTargetServiceNameAndPlatforms() {
        Map<String, String> targets = new LinkedHashMap<>();
        BROWSER_PLATFORMS.forEach(p -> targets.put(p, "browser-worker"));
        API_PLATFORMS.forEach(p -> targets.put(p, "api-worker"));
        targets.put("extract", "browser-worker");
        targets.put("default", "api-worker");
        targets.forEach((platform, target) -> {
            String name = "worker_" + platform;
            Map<String, Object> build = map(service(name), "build", name);
            assertEquals(target, build.get("target"), name);
            assertEquals("docker/Dockerfile.dev", build.get("dockerfile"), name);
            assertEquals("..", build.get("context"), name);
            assertEquals(List.of("worker"), service(name).get("command"), name);
            assertEquals("worker-" + platform, environment(name).get("SERVICE_NAME"), name);
            assertEquals(platform, environment(name).get("WORKER_PLATFORMS"), name);
            assertEquals(target.equals("browser-worker"), service(name).containsKey("shm_size"), name + " shm_size");
        });
        assertEquals(
                "browser-worker",
                map(service("product_scanner_dev"), "build", "api").get("target"),
                "the API knows every plugin, so it runs the image that holds them all");
        assertEquals(List.of("api"), service("product_scanner_dev").get("command"));
        assertEquals(
                List.of("${API_BIND:-127.0.0.1}:${API_PORT:-3989}:3989"),
                service("product_scanner_dev").get("ports"));
    }

    @Test
    void everyScannerReachesThePasswordProtectedRedisAndSharesTheResultsVolume() {
        for (String name : scannerServices()) {
            Map<String, Object> env = environment(name);
            assertEquals("redis", env.get("REDIS_HOST"), name);
            assertEquals("6379", env.get("REDIS_PORT"), name);
            assertTrue(String.valueOf(env.get("REDIS_PASSWORD")).startsWith("${REDIS_PASSWORD:?"), name);
            assertEquals("${LOG_LEVEL:-info}", env.get("LOG_LEVEL"), name);
            assertEquals(
                    List.of("results:/var/lib/product-scanner/results"),
                    service(name).get("volumes"),
                    name);
            assertEquals(
                    Map.of("redis", Map.of("condition", "service_healthy")),
                    service(name).get("depends_on"),
                    name);
            assertEquals(Boolean.TRUE, service(name).get("read_only"), name + " read-only root filesystem");
            assertEquals(List.of("/tmp"), service(name).get("tmpfs"), name);
        }
        assertTrue(String.valueOf(environment("product_scanner_dev").get("API_TOKEN"))
                .startsWith("${API_TOKEN:?"));
        assertEquals("0.0.0.0", environment("product_scanner_dev").get("HOST"));
    }

    @Test
    void everyServiceHasAMemoryLimitARestartPolicyAndAHealthcheck() {
        for (String name : services.keySet()) {
            Map<String, Object> service = service(name);
            Map<String, Object> limits = map(map(map(service, "deploy", name), "resources", name), "limits", name);
            long limit = Repository.mebibytes(limits.get("memory"));
            assertTrue(limit >= 256 && limit <= 2048, name + " memory limit " + limit + " MiB");
            assertEquals("unless-stopped", service.get("restart"), name);
            List<String> test = list(map(service, "healthcheck", name), "test", name + ".healthcheck");
            assertFalse(test.isEmpty(), name);
        }
        for (String name : scannerServices()) {
            assertEquals(
                    List.of("CMD", "/opt/product-scanner/bin/healthcheck"),
                    map(service(name), "healthcheck", name).get("test"),
                    name);
            assertEquals("40s", service(name).get("stop_grace_period"), name + ": SHUTDOWN_GRACE_MS plus margin");
        }
        // the browser workers' limit holds Chromium as well as the JVM, and the JVM takes a smaller share of it
        long api = limit("worker_musinsa");
        for (String platform : BROWSER_PLATFORMS) {
            assertTrue(limit("worker_" + platform) > api, platform);
        }
    }

    private static long limit(String name) {
        return Repository.mebibytes(map(map(map(service(name), "deploy", name), "resources", name), "limits", name)
                .get("memory"));
    }

    @Test
    void redisPersistsAppendOnlyWithAPasswordOnANamedVolume() {
        Map<String, Object> redis = service("redis");
        String command = String.join(" ", Repository.<String>list(redis, "command", "redis"));
        assertTrue(command.contains("--appendonly yes"), command);
        assertTrue(command.contains("requirepass"), command);
        assertTrue(command.contains("--maxmemory-policy noeviction"), command);
        // redis-server must replace the shell as PID 1, or a stop's SIGTERM never reaches it (no final save)
        assertTrue(command.startsWith("sh -c exec redis-server - ") && !command.contains("|"), command);
        assertFalse(
                command.contains("${REDIS_PASSWORD"),
                "the password is read inside the container, not interpolated into the command line");
        assertEquals(List.of("redis-data:/data"), redis.get("volumes"));
        assertEquals("redis", redis.get("user"));
    }

    @Test
    void monitoringMountsTheCommittedConfigurationsAndGrafanasProvisioning() {
        assertTrue(list(service("prometheus"), "volumes", "prometheus").contains("./prometheus:/etc/prometheus:ro"));
        assertTrue(Files.isRegularFile(Repository.file("docker/prometheus/prometheus.yml")));
        assertTrue(list(service("alertmanager"), "volumes", "alertmanager")
                .contains("./alertmanager:/etc/alertmanager:ro"));
        assertTrue(Files.isRegularFile(Repository.file("docker/alertmanager/alertmanager.yml")));
        List<String> grafana = list(service("grafana"), "volumes", "grafana");
        assertTrue(grafana.contains("./grafana/provisioning:/etc/grafana/provisioning:ro"), grafana.toString());
        assertTrue(
                grafana.contains("./grafana/dashboards:/var/lib/grafana/dashboards/product-scanner:ro"),
                grafana.toString());
        // alertmanager.yml reads its webhook URLs from these secret files
        assertEquals(
                List.of("slack_webhook_url", "discord_webhook_url"),
                service("alertmanager").get("secrets"));
    }

    @Test
    void everyHostPrometheusScrapesIsAComposeService() throws IOException {
        Map<String, Object> prometheus = Repository.yaml(Repository.read("docker/prometheus/prometheus.yml"));
        Set<String> hosts = new TreeSet<>();
        Matcher target = Pattern.compile("([a-z_]+):\\d+").matcher(String.valueOf(prometheus.get("scrape_configs")));
        while (target.find()) {
            hosts.add(target.group(1));
        }
        assertTrue(hosts.contains("product_scanner_dev"), hosts.toString());
        for (String host : hosts) {
            assertTrue(services.containsKey(host) || host.equals("alertmanager"), host + " is no compose service");
        }
    }

    @Test
    void everyNamedVolumeIsDeclared() {
        Set<String> declared = map(Repository.yaml(text), "volumes", "compose").keySet();
        for (String name : services.keySet()) {
            Object volumes = service(name).get("volumes");
            if (volumes instanceof List<?> mounts) {
                for (Object mount : mounts) {
                    String source = String.valueOf(mount).split(":")[0];
                    if (!source.startsWith(".") && !source.startsWith("/") && !source.startsWith("${")) {
                        assertTrue(declared.contains(source), name + " mounts undeclared volume " + source);
                    }
                }
            }
        }
        assertTrue(declared.containsAll(List.of("results", "redis-data")), declared.toString());
    }

    @Test
    void everyVariableIsInEnvExampleAndTheRealEnvFileIsIgnored() throws Exception {
        Set<String> used = new TreeSet<>();
        Matcher variable = Pattern.compile("(?<!\\$)\\$\\{([A-Z_]+)").matcher(text);
        while (variable.find()) {
            used.add(variable.group(1));
        }
        for (Object secret : map(Repository.yaml(text), "secrets", "compose").values()) {
            used.add(String.valueOf(((Map<?, ?>) secret).get("environment")));
        }
        Set<String> documented = new TreeSet<>();
        for (String line : Repository.read("docker/.env.example").lines().toList()) {
            if (line.matches("[A-Z_]+=.*")) {
                documented.add(line.substring(0, line.indexOf('=')));
            }
        }
        assertEquals(used, documented, "docker/.env.example lists every variable of " + COMPOSE);
        Repository.Finished ignored =
                Repository.run(Duration.ofSeconds(30), Map.of(), "git", "check-ignore", "-q", "docker/.env");
        assertEquals(0, ignored.exitCode(), "docker/.env must be git-ignored: " + ignored.output());
    }

    private static List<String> scannerServices() {
        return services.keySet().stream()
                .filter(n -> n.startsWith("worker_") || n.equals("product_scanner_dev"))
                .toList();
    }
}
