package io.productscanner.runtime.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.runtime.ScannerProcess;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.heartbeat.PluginVersion;
import io.productscanner.runtime.heartbeat.WorkerHeartbeat;
import io.productscanner.runtime.redis.EmbeddedRedis;
import io.productscanner.runtime.redis.RedisConnections;
import io.productscanner.runtime.redis.RedisKeys;
import io.productscanner.runtime.schedule.Scheduler;
import io.productscanner.spi.SpiVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real worker processes ({@link ScannerProcess} in the worker role, over a real Redis and real plugin folders):
 * what each loads, as its heartbeat tells it, follows what it serves and what its workflows need; and only a
 * process with every plugin takes part in scheduling.
 */
class WorkerPluginLoadingTest {
    /** A platform-less workflow using the node type the "tools" plugin adds: it may run on any queue. */
    private static final String USES_TOOL_STEP = """
            {"workflow_id": "tooling", "start_node": "one", "nodes": {"one": {"type": "tool_step"}}}""";
    /** A workflow of the tools platform, with its own node type. */
    private static final String TOOLS_OWN = """
            {"workflow_id": "tools-own", "platform": "tools", "start_node": "one",
             "nodes": {"one": {"type": "tool_step"}}}""";

    @TempDir
    static Path root;

    private static EmbeddedRedis server;
    private static RedisConnections redis;
    private static Path pluginDir;

    @BeforeAll
    static void start() throws Exception {
        TestPluginFolders plugins = TestPluginFolders.compile(
                root.resolve("build"),
                new TestPluginFolders.Plugin("shop", "API", null),
                new TestPluginFolders.Plugin("tools", "API", "tool_step"));
        pluginDir = root.resolve("plugins");
        plugins.write(pluginDir, "shop", "shop");
        plugins.write(pluginDir, "tools", "tools");
        server = EmbeddedRedis.start(EmbeddedRedis.Options.throwaway());
        redis = RedisConnections.connect(server.uri());
    }

    @AfterAll
    static void stop() {
        redis.close();
        server.close();
    }

    /** Starts a worker for {@code platforms} over {@code workflows}, and returns its heartbeat and scheduling. */
    private static Worker worker(String platforms, String... workflows) throws IOException, InterruptedException {
        String service = "worker-" + UUID.randomUUID().toString().substring(0, 8);
        RedisKeys keys = new RedisKeys(service + ":");
        Path workflowsDir = Files.createDirectories(root.resolve(service + "-workflows"));
        for (int i = 0; i < workflows.length; i++) {
            Files.writeString(workflowsDir.resolve("wf" + i + ".json"), workflows[i]);
        }
        try (ScannerProcess process = ScannerProcess.start(
                Settings.of(Map.of(
                        "REDIS_URL", server.url(),
                        "REDIS_KEY_PREFIX", keys.prefix(),
                        "SERVICE_NAME", service,
                        "WORKER_PLATFORMS", platforms,
                        "METRICS_PORT", "0",
                        "PLUGIN_DIR", pluginDir.toString(),
                        "WORKFLOWS_DIR", workflowsDir.toString(),
                        "RESULTS_DIR", root.resolve("results").toString())),
                ScannerProcess.Role.WORKER)) {
            WorkerHeartbeat heartbeat = WorkerHeartbeat.fromJson(awaitValue(keys.heartbeat(service)));
            return new Worker(
                    process.workerQueues(),
                    heartbeat.plugins().stream().map(PluginVersion::id).toList(),
                    heartbeat.plugins(),
                    takesTheSchedulerLease(keys));
        }
    }

    /** Whether the lease appears within a few scheduler ticks: a scheduler takes it on its first, if it is free. */
    private static boolean takesTheSchedulerLease(RedisKeys keys) throws InterruptedException {
        long deadline = System.nanoTime() + 3 * Scheduler.TICK.toNanos();
        while (System.nanoTime() < deadline) {
            if (redis.commands().exists(keys.schedulerLease()) == 1) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private record Worker(
            List<String> queues, List<String> pluginIds, List<PluginVersion> plugins, boolean scheduling) {}

    private static String awaitValue(String key) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String value;
        while ((value = redis.commands().get(key)) == null) {
            assertTrue(System.nanoTime() < deadline, "no " + key);
            Thread.sleep(20);
        }
        return value;
    }

    @Test
    void aPlatformWorkerLoadsItsOwnPluginTellsItsVersionAndLeavesSchedulingToOthers() throws Exception {
        Worker shop = worker("shop", TOOLS_OWN);

        assertEquals(List.of("shop"), shop.queues());
        assertEquals(
                List.of(new PluginVersion(
                        "shop",
                        TestPluginFolders.MODULE_VERSION,
                        SpiVersion.current().toString())),
                shop.plugins());
        // it could not check the schedules of the tools platform's workflows, which it cannot read
        assertFalse(shop.scheduling(), "a worker without every plugin holds no scheduler lease");
    }

    @Test
    void theDefaultWorkerLoadsNoPluginWhenItsWorkflowsUseOnlyTheRuntimesNodeTypes() throws Exception {
        Worker defaultWorker = worker("default", TOOLS_OWN);

        assertEquals(List.of("default"), defaultWorker.queues());
        assertEquals(List.of(), defaultWorker.pluginIds());
    }

    @Test
    void aWorkflowItMayRunThatNeedsAnotherPluginsNodeTypeMakesItLoadEveryPlugin() throws Exception {
        Worker defaultWorker = worker("default", USES_TOOL_STEP);

        assertEquals(List.of("default"), defaultWorker.queues());
        assertEquals(List.of("shop", "tools"), defaultWorker.pluginIds());
        assertTrue(defaultWorker.scheduling(), "with every plugin it schedules like any other process");
    }

    @Test
    void aWorkerOfEveryPlatformLoadsEveryPluginAndSchedules() throws Exception {
        Worker all = worker("", TOOLS_OWN);

        assertEquals(List.of("shop", "tools", "default"), all.queues());
        assertEquals(List.of("shop", "tools"), all.pluginIds());
        assertTrue(all.scheduling());
    }
}
