package io.productscanner.e2e.deploy;

import static io.productscanner.e2e.deploy.KustomizeRenderTest.container;
import static io.productscanner.e2e.deploy.KustomizeRenderTest.get;
import static io.productscanner.e2e.deploy.KustomizeRenderTest.kustomize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.productscanner.runtime.testing.TestContainers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The shell scripts of deploy/k8s/components/redis-sentinel run as Kubernetes runs them: each Redis and Sentinel pod
 * a container of the rendered image with the pod's host name and DNS name ({@code redis-1.redis}), as user 999 on
 * a read-only root, the password from the environment. A first start makes redis-0 the primary with two replicas
 * and three Sentinels that know them; after the primary is killed the Sentinels promote a replica, and the old
 * primary's pod and a Sentinel, started again, follow the new primary. Needs Docker and the Redis image
 * ({@link TestContainers}); skipped, saying why, where they are not (fails under {@code TEST_CONTAINERS=required}).
 */
class RedisSentinelManifestRunTest {
    private static final String PASSWORD = "0123456789abcdef";
    private static final String MASTER = "mymaster";

    private static Network network;
    private static final List<GenericContainer<?>> redis = new ArrayList<>();
    private static final List<GenericContainer<?>> sentinels = new ArrayList<>();

    @BeforeAll
    static void startPods() throws Exception {
        List<Map<String, Object>> rendered = kustomize("deploy/k8s/overlays/redis-sentinel");
        Map<String, Object> redisPod = container(get(rendered, "StatefulSet", "redis"));
        Map<String, Object> sentinelPod = container(get(rendered, "StatefulSet", "redis-sentinel"));
        TestContainers.Choice choice =
                TestContainers.choose("redis-sentinel", "REDIS_IMAGE", String.valueOf(redisPod.get("image")));
        assumeTrue(choice.inContainer(), "needs Docker and the Redis image: " + choice.reason());
        String image = choice.image().asCanonicalNameString();
        network = Network.newNetwork();
        for (int i = 0; i < 3; i++) {
            redis.add(pod(image, redisPod, "redis-" + i, "redis", "Ready to accept connections"));
            // StatefulSet order: redis-1 starts once redis-0 runs
            TestContainers.start(redis.get(i));
        }
        for (int i = 0; i < 3; i++) {
            sentinels.add(pod(image, sentinelPod, "redis-sentinel-" + i, "redis-sentinel", "\\+monitor master"));
        }
        // podManagementPolicy: Parallel
        sentinels.parallelStream().forEach(TestContainers::start);
    }

    @AfterAll
    static void stopPods() {
        sentinels.forEach(TestContainers::remove);
        redis.forEach(TestContainers::remove);
        if (network != null) {
            network.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static GenericContainer<?> pod(
            String image, Map<String, Object> spec, String name, String service, String ready) {
        List<String> command = (List<String>) spec.get("command");
        GenericContainer<?> pod = new GenericContainer<>(image)
                .withNetwork(network)
                .withNetworkAliases(name + "." + service)
                .withEnv("REDIS_PASSWORD", PASSWORD)
                .withCommand(command.toArray(String[]::new))
                .withTmpFs(Map.of("/data", "rw,uid=999,gid=999"))
                .waitingFor(Wait.forLogMessage(".*" + ready + ".*\\n", 1).withStartupTimeout(Duration.ofMinutes(1)));
        pod.withCreateContainerCmdModifier(create ->
                create.withHostName(name).withUser("999:999").getHostConfig().withReadonlyRootfs(true));
        return TestContainers.labelled(pod, "redis-sentinel");
    }

    private static String redisCli(GenericContainer<?> pod, String command) {
        try {
            Container.ExecResult result =
                    pod.execInContainer("sh", "-c", "REDISCLI_AUTH=" + PASSWORD + " redis-cli --raw " + command);
            return result.getStdout().strip();
        } catch (Exception e) {
            return "error: " + e;
        }
    }

    private static String replication(GenericContainer<?> pod) {
        return redisCli(pod, "info replication");
    }

    private static String primaryNamedBy(GenericContainer<?> sentinel) {
        return redisCli(sentinel, "-p 26379 sentinel get-master-addr-by-name " + MASTER)
                .lines()
                .findFirst()
                .orElse("");
    }

    private static void await(String what, Supplier<Boolean> condition, Supplier<String> state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within 60 s: " + state.get());
            }
            Thread.sleep(200);
        }
    }

    @Test
    void aFirstStartThenAFailoverThenRestartedPodsFollowTheNewPrimary() throws Exception {
        await(
                "redis-0 primary with two replicas linked",
                () -> replication(redis.get(0)).contains("connected_slaves:2")
                        && redis.subList(1, 3).stream()
                                .allMatch(pod -> replication(pod).contains("master_host:redis-0.redis")
                                        && replication(pod).contains("master_link_status:up")),
                () -> redis.stream()
                        .map(RedisSentinelManifestRunTest::replication)
                        .toList()
                        .toString());
        for (GenericContainer<?> sentinel : sentinels) {
            await(
                    sentinel.getContainerName() + " knowing the replicas and the other Sentinels",
                    () -> {
                        String master = redisCli(sentinel, "-p 26379 sentinel master " + MASTER);
                        return master.contains("num-slaves\n2") && master.contains("num-other-sentinels\n2");
                    },
                    () -> redisCli(sentinel, "-p 26379 sentinel master " + MASTER));
            assertEquals("redis-0.redis", primaryNamedBy(sentinel));
        }
        assertEquals("OK", redisCli(redis.get(0), "set manifest-check written-on-primary"));
        await(
                "the write reaching a replica",
                () -> redisCli(redis.get(2), "get manifest-check").equals("written-on-primary"),
                () -> redisCli(redis.get(2), "get manifest-check"));

        long killed = System.nanoTime();
        TestContainers.client().killContainerCmd(redis.get(0).getContainerId()).exec();
        await(
                "a Sentinel naming another primary",
                () -> !primaryNamedBy(sentinels.get(1)).equals("redis-0.redis")
                        && !primaryNamedBy(sentinels.get(1)).isEmpty(),
                () -> primaryNamedBy(sentinels.get(1)));
        System.out.printf(
                "redis-sentinel manifests: new primary %s %.1f s after the kill%n",
                primaryNamedBy(sentinels.get(1)), (System.nanoTime() - killed) / 1e9);
        String promoted = primaryNamedBy(sentinels.get(1));
        assertNotEquals("redis-0.redis", promoted);

        // the old primary's pod comes back (Kubernetes restarts it) and must not claim to be primary again
        TestContainers.client().startContainerCmd(redis.get(0).getContainerId()).exec();
        await(
                "redis-0 replicating the new primary",
                () -> replication(redis.get(0)).contains("master_host:" + promoted)
                        && replication(redis.get(0)).contains("master_link_status:up"),
                () -> replication(redis.get(0)));
        assertEquals("written-on-primary", redisCli(redis.get(0), "get manifest-check"));

        // a Sentinel started again writes its configuration afresh: it must monitor the new primary, not redis-0
        TestContainers.client()
                .restartContainerCmd(sentinels.get(2).getContainerId())
                .exec();
        await(
                "the restarted Sentinel monitoring the new primary with both replicas",
                () -> {
                    String master = redisCli(sentinels.get(2), "-p 26379 sentinel master " + MASTER);
                    return master.startsWith("name\n" + MASTER)
                            && master.contains("ip\n" + promoted)
                            && master.contains("num-slaves\n2");
                },
                () -> redisCli(sentinels.get(2), "-p 26379 sentinel master " + MASTER));
    }
}
