package io.productscanner.e2e.deploy;

import static io.productscanner.e2e.deploy.KustomizeRenderTest.container;
import static io.productscanner.e2e.deploy.KustomizeRenderTest.env;
import static io.productscanner.e2e.deploy.KustomizeRenderTest.find;
import static io.productscanner.e2e.deploy.KustomizeRenderTest.get;
import static io.productscanner.e2e.deploy.KustomizeRenderTest.kustomize;
import static io.productscanner.e2e.deploy.KustomizeRenderTest.podSpec;
import static io.productscanner.e2e.deploy.Repository.list;
import static io.productscanner.e2e.deploy.Repository.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Sentinel layout (deploy/k8s/components/redis-sentinel, rendered through overlays/redis-sentinel): the base's
 * Redis as a primary and two replicas, three Sentinels on the same image with a quorum of two, headless Services that
 * name pods that are not ready yet, disruption budgets, and every scanner's REDIS_URL naming each Sentinel pod and
 * the master the Sentinels watch, with the Secret's password.
 */
class KustomizeRedisSentinelTest {
    private static final String MASTER = "mymaster";

    private static List<Map<String, Object>> base;
    private static List<Map<String, Object>> sentinel;

    @BeforeAll
    static void render() throws Exception {
        base = kustomize("deploy/k8s");
        sentinel = kustomize("deploy/k8s/overlays/redis-sentinel");
    }

    private static String script(Map<String, Object> workload) {
        return String.join(" ", Repository.<String>list(container(workload), "command", "script"));
    }

    private static int replicas(Map<String, Object> workload) {
        return (Integer) map(workload, "spec", "workload").get("replicas");
    }

    @Test
    void redisRunsAsAPrimaryAndTwoReplicasOnTheBasesImageAndVolume() {
        Map<String, Object> redis = get(sentinel, "StatefulSet", "redis");
        Map<String, Object> baseRedis = get(base, "StatefulSet", "redis");
        assertEquals(3, replicas(redis));
        assertEquals(container(baseRedis).get("image"), container(redis).get("image"));
        assertEquals(
                map(baseRedis, "spec", "redis").get("volumeClaimTemplates"),
                map(redis, "spec", "redis").get("volumeClaimTemplates"));
        String script = script(redis);
        // the same durable, password-protected Redis as the base; a replica authenticates to the primary
        for (String part : List.of(
                "--appendonly yes",
                "--maxmemory-policy noeviction",
                "requirepass \"$REDIS_PASSWORD\"",
                "masterauth \"$REDIS_PASSWORD\"",
                "replicaof $primary 6379",
                "--replica-announce-ip \"$self\"",
                "get-master-addr-by-name " + MASTER,
                "primary=\"redis-0.redis\"")) {
            assertTrue(script.contains(part), part + " in " + script);
        }
        // redis-server replaces the shell as PID 1, so a pod stop's SIGTERM reaches it
        String exec = script.substring(script.indexOf("exec redis-server"));
        assertTrue(exec.startsWith("exec redis-server - ") && !exec.contains("|"), exec);
        assertEquals(
                "secret:product-scanner-secrets/redis-password",
                env(container(redis)).get("REDIS_PASSWORD"));
        assertEquals(
                Boolean.TRUE,
                map(get(sentinel, "Service", "redis"), "spec", "redis").get("publishNotReadyAddresses"));
    }

    @Test
    void threeSentinelsOnTheSameImageWatchThePrimaryWithAQuorumOfTwo() {
        Map<String, Object> sentinels = get(sentinel, "StatefulSet", "redis-sentinel");
        assertEquals(3, replicas(sentinels));
        assertEquals(
                container(get(base, "StatefulSet", "redis")).get("image"),
                container(sentinels).get("image"));
        String script = script(sentinels);
        for (String part : List.of(
                "sentinel monitor " + MASTER + " $primary 6379 2",
                "sentinel auth-pass " + MASTER + " \"$REDIS_PASSWORD\"",
                "sentinel resolve-hostnames yes",
                "sentinel announce-hostnames yes",
                "exec redis-server /data/sentinel.conf --sentinel")) {
            assertTrue(script.contains(part), part + " in " + script);
        }
        // every Sentinel pod is asked for the current primary before falling back to redis-0
        for (String pod : sentinelPods()) {
            assertTrue(script.contains(pod), pod + " in " + script);
            assertTrue(script(get(sentinel, "StatefulSet", "redis")).contains(pod), pod + " in redis's script");
        }
        Map<String, Object> service = map(get(sentinel, "Service", "redis-sentinel"), "spec", "service");
        assertEquals("None", service.get("clusterIP"));
        assertEquals(Boolean.TRUE, service.get("publishNotReadyAddresses"));
        assertEquals(
                26379,
                list(service, "ports", "service").stream()
                        .map(port -> ((Map<?, ?>) port).get("port"))
                        .findFirst()
                        .orElseThrow());
        Map<String, Object> security = map(container(sentinels), "securityContext", "sentinel");
        assertEquals(Boolean.TRUE, security.get("readOnlyRootFilesystem"));
        assertEquals(
                Boolean.TRUE,
                map(podSpec(sentinels), "securityContext", "sentinel").get("runAsNonRoot"));
    }

    @Test
    void everyScannerFindsThePrimaryThroughEverySentinelWithTheSecretsPassword() {
        String expected = "redis-sentinel://:$(REDIS_PASSWORD)@"
                + String.join(
                        ",", sentinelPods().stream().map(pod -> pod + ":26379").toList()) + "#" + MASTER;
        List<Map<String, Object>> deployments = sentinel.stream()
                .filter(o -> "Deployment".equals(o.get("kind")))
                .toList();
        assertEquals(
                base.stream().filter(o -> "Deployment".equals(o.get("kind"))).count(), deployments.size());
        for (Map<String, Object> deployment : deployments) {
            List<String> names = new ArrayList<>();
            for (Object variable : list(container(deployment), "env", "scanner")) {
                names.add(String.valueOf(((Map<?, ?>) variable).get("name")));
            }
            assertEquals(expected, env(container(deployment)).get("REDIS_URL"), names.toString());
            // Kubernetes expands $(REDIS_PASSWORD) only from a variable listed before
            assertTrue(names.indexOf("REDIS_PASSWORD") < names.indexOf("REDIS_URL"), names.toString());
            assertEquals(
                    "secret:product-scanner-secrets/redis-password",
                    env(container(deployment)).get("REDIS_PASSWORD"));
        }
    }

    @Test
    void drainsTakeOneRedisAndOneSentinelAtATimeAndEverythingIsInTheNamespace() {
        for (String name : List.of("redis", "redis-sentinel")) {
            Map<String, Object> budget = map(get(sentinel, "PodDisruptionBudget", name), "spec", name);
            assertEquals(1, budget.get("maxUnavailable"), name);
            assertEquals(
                    name,
                    map(map(budget, "selector", name), "matchLabels", name).get("app.kubernetes.io/name"));
        }
        for (Map<String, Object> object : sentinel) {
            Map<String, Object> metadata = map(object, "metadata", "object");
            assertEquals("product-scanner", metadata.get("namespace"), object.get("kind") + " " + metadata.get("name"));
        }
        assertTrue(find(base, "StatefulSet", "redis-sentinel").isEmpty(), "optional: not in the base");
    }

    private static List<String> sentinelPods() {
        return IntStream.range(0, replicas(get(sentinel, "StatefulSet", "redis-sentinel")))
                .mapToObj(i -> "redis-sentinel-" + i + ".redis-sentinel")
                .toList();
    }
}
