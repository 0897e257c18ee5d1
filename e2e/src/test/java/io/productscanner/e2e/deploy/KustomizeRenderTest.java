package io.productscanner.e2e.deploy;

import static io.productscanner.e2e.deploy.Repository.list;
import static io.productscanner.e2e.deploy.Repository.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl kustomize} renders deploy/k8s and its overlays, and the rendered objects have what they should:
 * a Deployment per worker with its platform, image, probes, requests and limits, the API behind a Service, Redis
 * as a StatefulSet with a volume (or an external Redis by URL, with a CA from a Secret for TLS), the workflows
 * ConfigMap, disruption budgets and the optional extract autoscaler.
 */
class KustomizeRenderTest {
    private static final Map<String, String> WORKER_IMAGES = new LinkedHashMap<>();

    static {
        for (String platform : List.of("oliveyoung", "ably", "kurly", "extract")) {
            WORKER_IMAGES.put(platform, "product-scanner-browser-worker:dev");
        }
        for (String platform : List.of("hwahae", "musinsa", "zigzag", "default")) {
            WORKER_IMAGES.put(platform, "product-scanner-api-worker:dev");
        }
    }

    private static List<Map<String, Object>> base;

    @BeforeAll
    static void render() throws Exception {
        base = kustomize("deploy/k8s");
    }

    static List<Map<String, Object>> kustomize(String dir) throws Exception {
        Repository.Finished rendered;
        try {
            rendered = Repository.run(Duration.ofMinutes(1), Map.of(), "kubectl", "kustomize", dir);
        } catch (IOException e) {
            throw new AssertionError(
                    "kubectl is needed to render deploy/k8s (scripts/install-test-prerequisites.sh)", e);
        }
        assertEquals(0, rendered.exitCode(), "kubectl kustomize " + dir + ":\n" + rendered.output());
        return Repository.yamlDocuments(rendered.output());
    }

    static Optional<Map<String, Object>> find(List<Map<String, Object>> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.get("kind"))
                        && name.equals(map(o, "metadata", kind).get("name")))
                .findFirst();
    }

    static Map<String, Object> get(List<Map<String, Object>> objects, String kind, String name) {
        return find(objects, kind, name)
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in "
                        + objects.stream()
                                .map(o -> o.get("kind") + "/"
                                        + map(o, "metadata", "?").get("name"))
                                .toList()));
    }

    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(map(map(workload, "spec", "workload"), "template", "spec"), "spec", "template");
    }

    static Map<String, Object> container(Map<String, Object> workload) {
        List<Map<String, Object>> containers = list(podSpec(workload), "containers", "pod");
        assertEquals(1, containers.size());
        return containers.get(0);
    }

    /** name -> value, or "secret:name/key" / "field:path" for references. */
    @SuppressWarnings("unchecked")
    static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new TreeMap<>();
        for (Map<String, Object> variable : (List<Map<String, Object>>) container.getOrDefault("env", List.of())) {
            Map<String, Object> from = (Map<String, Object>) variable.get("valueFrom");
            String value = String.valueOf(variable.get("value"));
            if (from != null && from.containsKey("secretKeyRef")) {
                Map<String, Object> ref = map(from, "secretKeyRef", "env");
                value = "secret:" + ref.get("name") + "/" + ref.get("key");
            } else if (from != null && from.containsKey("fieldRef")) {
                value = "field:" + map(from, "fieldRef", "env").get("fieldPath");
            }
            env.put(String.valueOf(variable.get("name")), value);
        }
        return env;
    }

    @Test
    void aDeploymentPerWorkerWithItsPlatformImageAndResources() {
        WORKER_IMAGES.forEach((platform, image) -> {
            Map<String, Object> deployment = get(base, "Deployment", "worker-" + platform);
            Map<String, Object> container = container(deployment);
            assertEquals(image, container.get("image"), platform);
            assertEquals(List.of("worker"), container.get("args"), platform);
            Map<String, String> env = env(container);
            assertEquals(platform, env.get("WORKER_PLATFORMS"), platform);
            assertEquals("secret:product-scanner-secrets/redis-password", env.get("REDIS_PASSWORD"), platform);
            assertEquals("field:metadata.name", env.get("SERVICE_NAME"), "unique per pod when replicas > 1");
            Map<String, Object> resources = map(container, "resources", platform);
            long request =
                    Repository.mebibytes(map(resources, "requests", platform).get("memory"));
            long limit = Repository.mebibytes(map(resources, "limits", platform).get("memory"));
            assertTrue(request > 0 && request <= limit, platform + ": " + request + " / " + limit);
            assertEquals(image.contains("browser") ? 2048 : 512, limit, platform);
            assertEquals(
                    Map.of(
                            "app.kubernetes.io/name",
                            "product-scanner",
                            "app.kubernetes.io/component",
                            "worker",
                            "productscanner.io/platform",
                            platform),
                    selector(deployment),
                    platform);
        });
        assertEquals(
                WORKER_IMAGES.size() + 1,
                base.stream().filter(o -> "Deployment".equals(o.get("kind"))).count());
    }

    @Test
    void everyScannerPodIsProbedRunsAsNonRootOnAReadOnlyRootAndMountsWorkflowsAndResults() {
        for (Map<String, Object> deployment :
                base.stream().filter(o -> "Deployment".equals(o.get("kind"))).toList()) {
            String name = String.valueOf(map(deployment, "metadata", "?").get("name"));
            Map<String, Object> container = container(deployment);
            String port = name.equals("api") ? "http" : "observe";
            for (String probe : List.of("startupProbe", "readinessProbe")) {
                Map<String, Object> httpGet = map(map(container, probe, name), "httpGet", name + "." + probe);
                assertEquals("/observe/health", httpGet.get("path"), name + "." + probe);
                assertEquals(port, httpGet.get("port"), name + "." + probe);
            }
            // liveness only asks whether the process answers: a Redis outage must not restart every pod
            assertEquals(
                    Map.of("port", port), map(container, "livenessProbe", name).get("tcpSocket"), name);
            Map<String, Object> security = map(container, "securityContext", name);
            assertEquals(Boolean.TRUE, security.get("readOnlyRootFilesystem"), name);
            assertEquals(Boolean.FALSE, security.get("allowPrivilegeEscalation"), name);
            Map<String, Object> pod = podSpec(deployment);
            assertEquals(Boolean.TRUE, map(pod, "securityContext", name).get("runAsNonRoot"), name);
            assertEquals(40, pod.get("terminationGracePeriodSeconds"), name);
            List<Map<String, Object>> mounts = list(container, "volumeMounts", name);
            List<Object> paths = mounts.stream().map(m -> m.get("mountPath")).toList();
            assertTrue(
                    paths.containsAll(
                            List.of("/tmp", "/etc/product-scanner/workflows", "/var/lib/product-scanner/results")),
                    name + " " + paths);
            boolean browser = String.valueOf(container.get("image")).contains("browser-worker");
            assertEquals(browser && !name.equals("api"), paths.contains("/dev/shm"), name + " /dev/shm");
        }
    }

    @Test
    void theWorkflowsConfigMapHoldsEveryShippedWorkflowUnchanged() throws IOException {
        Map<String, Object> settings =
                map(get(base, "ConfigMap", configMapName("scanner-settings")), "data", "scanner-settings");
        assertEquals("/etc/product-scanner/workflows", settings.get("WORKFLOWS_DIR"));
        Map<String, Object> data = map(get(base, "ConfigMap", configMapName("workflows")), "data", "workflows");
        Map<String, String> shipped = new TreeMap<>();
        try (Stream<Path> files = Files.list(Repository.file("workflows"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                shipped.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        assertEquals(
                shipped,
                new TreeMap<>(data),
                "deploy/k8s/base/workflows must be a copy of workflows/ "
                        + "(cp workflows/*.json deploy/k8s/base/workflows/ and list new files in its kustomization.yaml)");
    }

    private static String configMapName(String prefix) {
        return base.stream()
                .filter(o -> "ConfigMap".equals(o.get("kind")))
                .map(o -> String.valueOf(map(o, "metadata", "ConfigMap").get("name")))
                .filter(n -> n.startsWith(prefix + "-"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + prefix));
    }

    @Test
    void theApiRunsBehindAServiceWithItsTokenFromTheSecret() {
        Map<String, Object> api = get(base, "Deployment", "api");
        Map<String, Object> container = container(api);
        assertEquals(List.of("api"), container.get("args"));
        assertEquals("product-scanner-browser-worker:dev", container.get("image"), "the API knows every plugin");
        assertEquals("secret:product-scanner-secrets/api-token", env(container).get("API_TOKEN"));
        assertEquals("0.0.0.0", env(container).get("HOST"));
        assertEquals(2, map(api, "spec", "api").get("replicas"));
        Map<String, Object> service = map(get(base, "Service", "api"), "spec", "service");
        assertEquals(selector(api), service.get("selector"));
        List<Map<String, Object>> ports = list(service, "ports", "service");
        assertEquals(3989, ports.get(0).get("port"));
    }

    @Test
    void redisIsAStatefulSetWithAVolumeAppendOnlyAndAPassword() {
        Map<String, Object> redis = get(base, "StatefulSet", "redis");
        Map<String, Object> container = container(redis);
        String command = String.join(" ", Repository.<String>list(container, "command", "redis"));
        assertTrue(command.contains("--appendonly yes") && command.contains("requirepass"), command);
        // redis-server replaces the shell as PID 1, so a pod stop's SIGTERM reaches it
        assertTrue(command.startsWith("sh -c exec redis-server - ") && !command.contains("|"), command);
        assertEquals(
                "secret:product-scanner-secrets/redis-password", env(container).get("REDIS_PASSWORD"));
        List<Map<String, Object>> claims = list(map(redis, "spec", "redis"), "volumeClaimTemplates", "redis");
        assertEquals("data", map(claims.get(0), "metadata", "claim").get("name"));
        assertTrue(List.of("/data")
                .equals(list(container, "volumeMounts", "redis").stream()
                        .map(m -> ((Map<?, ?>) m).get("mountPath"))
                        .toList()));
        assertTrue(container.containsKey("readinessProbe") && container.containsKey("livenessProbe"));
        assertEquals(
                "redis",
                map(map(get(base, "Service", "redis"), "spec", "redis"), "selector", "redis")
                        .get("app.kubernetes.io/name"));
        assertEquals(
                "redis",
                map(get(base, "ConfigMap", configMapName("scanner-settings")), "data", "settings")
                        .get("REDIS_HOST"));
    }

    @Test
    void disruptionBudgetsSelectTheWorkersAndTheApi() {
        Map<String, Object> workers = map(get(base, "PodDisruptionBudget", "workers"), "spec", "pdb");
        assertEquals(1, workers.get("maxUnavailable"));
        assertEquals(
                "worker",
                map(map(workers, "selector", "pdb"), "matchLabels", "pdb").get("app.kubernetes.io/component"));
        Map<String, Object> api = map(get(base, "PodDisruptionBudget", "api"), "spec", "pdb");
        assertEquals(1, api.get("minAvailable"));
        assertEquals(map(map(api, "selector", "pdb"), "matchLabels", "pdb"), selector(get(base, "Deployment", "api")));
        assertEquals(
                "ReadWriteMany",
                list(map(get(base, "PersistentVolumeClaim", "results"), "spec", "pvc"), "accessModes", "pvc")
                        .get(0),
                "every pod shares the results files");
    }

    @Test
    void theExternalRedisOverlayDropsTheStatefulSetAndReadsRedisUrlFromTheSecret() throws Exception {
        List<Map<String, Object>> external = kustomize("deploy/k8s/overlays/external-redis");
        assertTrue(find(external, "StatefulSet", "redis").isEmpty());
        assertTrue(find(external, "Service", "redis").isEmpty());
        for (Map<String, Object> deployment : external.stream()
                .filter(o -> "Deployment".equals(o.get("kind")))
                .toList()) {
            Map<String, String> env = env(container(deployment));
            assertEquals("secret:product-scanner-secrets/redis-url", env.get("REDIS_URL"), env.toString());
            assertFalse(env.containsKey("REDIS_PASSWORD"), env.toString());
        }
    }

    @Test
    void theExternalRedisTlsOverlayTrustsTheCaOfTheRedisTlsSecret() throws Exception {
        List<Map<String, Object>> external = kustomize("deploy/k8s/overlays/external-redis-tls");
        assertTrue(find(external, "StatefulSet", "redis").isEmpty());
        for (Map<String, Object> deployment : external.stream()
                .filter(o -> "Deployment".equals(o.get("kind")))
                .toList()) {
            Map<String, Object> container = container(deployment);
            Map<String, String> env = env(container);
            assertEquals("secret:product-scanner-secrets/redis-url", env.get("REDIS_URL"), env.toString());
            assertEquals("/etc/product-scanner/redis-tls/ca.crt", env.get("REDIS_TLS_CA_FILE"), env.toString());
            Map<?, ?> mount = list(container, "volumeMounts", "scanner").stream()
                    .map(m -> (Map<?, ?>) m)
                    .filter(m -> "redis-tls".equals(m.get("name")))
                    .findFirst()
                    .orElseThrow();
            assertEquals("/etc/product-scanner/redis-tls", mount.get("mountPath"));
            assertEquals(Boolean.TRUE, mount.get("readOnly"));
            Map<?, ?> volume = list(podSpec(deployment), "volumes", "pod").stream()
                    .map(v -> (Map<?, ?>) v)
                    .filter(v -> "redis-tls".equals(v.get("name")))
                    .findFirst()
                    .orElseThrow();
            assertEquals("redis-tls", ((Map<?, ?>) volume.get("secret")).get("secretName"));
        }
        assertFalse(env(container(get(base, "Deployment", "api"))).containsKey("REDIS_TLS_CA_FILE"), "optional");
    }

    @Test
    void theOptionalAutoscalerScalesTheExtractWorker() throws Exception {
        assertTrue(find(base, "HorizontalPodAutoscaler", "worker-extract").isEmpty(), "optional: not in the base");
        List<Map<String, Object>> scaled = kustomize("deploy/k8s/overlays/extract-autoscaling");
        Map<String, Object> hpa = map(get(scaled, "HorizontalPodAutoscaler", "worker-extract"), "spec", "hpa");
        assertEquals(
                Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", "worker-extract"),
                hpa.get("scaleTargetRef"));
        assertTrue((Integer) hpa.get("maxReplicas") > (Integer) hpa.get("minReplicas"));
        assertFalse(
                map(get(scaled, "Deployment", "worker-extract"), "spec", "extract")
                        .containsKey("replicas"),
                "the autoscaler owns the replica count");
    }

    private static Map<String, Object> selector(Map<String, Object> workload) {
        return map(map(map(workload, "spec", "workload"), "selector", "spec"), "matchLabels", "selector");
    }
}
