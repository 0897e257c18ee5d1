package io.productscanner.runtime.metrics;

import static io.productscanner.runtime.heartbeat.CgroupTrees.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;
import io.productscanner.runtime.heartbeat.CgroupTrees;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process's own memory meters, its container's limit and working set read from a fake cgroup tree. A meter stays
 * registered under its name (a second registration returns the first), so the cgroup meters are removed before and
 * after each test: the next {@code ScannerMetrics.create()} registers the real process's again.
 */
class ProcessMetersTest {
    @TempDir
    Path root;

    /** The registry {@code /observe/metrics} serves, as {@code ScannerMetrics.create()} takes it. */
    private static MeterRegistry registry() {
        return Services.get(MeterRegistry.class);
    }

    @BeforeEach
    @AfterEach
    void removeTheCgroupMeters() {
        MeterRegistry registry = registry();
        for (String name : List.of(ProcessMeters.CGROUP_MEMORY_LIMIT, ProcessMeters.CGROUP_WORKING_SET)) {
            registry.gauge(name, List.of()).ifPresent(registry::remove);
        }
    }

    private static double gauge(MeterRegistry registry, String name) {
        return registry.gauge(name, List.of())
                .orElseThrow(() -> new AssertionError("no gauge " + name))
                .value()
                .doubleValue();
    }

    @Test
    void aProcessInALimitedContainerExportsItsLimitAndWorkingSetAsTheyChange() {
        CgroupTrees container = new CgroupTrees(root).v2Container(String.valueOf(512 * MIB), 300 * MIB, 40 * MIB);
        MeterRegistry registry = registry();

        ProcessMeters.register(registry, container.reader());

        assertEquals(512.0 * MIB, gauge(registry, ProcessMeters.CGROUP_MEMORY_LIMIT));
        assertEquals(260.0 * MIB, gauge(registry, ProcessMeters.CGROUP_WORKING_SET));
        // Chromium starts: the container's usage grows, and the gauge reads it at the next scrape
        container.v2Container(String.valueOf(512 * MIB), 480 * MIB, 10 * MIB);
        assertEquals(470.0 * MIB, gauge(registry, ProcessMeters.CGROUP_WORKING_SET));
    }

    @Test
    void aProcessWithoutALimitExportsItsWorkingSetAndNoLimit() {
        MeterRegistry registry = registry();

        ProcessMeters.register(
                registry,
                new CgroupTrees(root).v1Container(CgroupTrees.V1_NO_LIMIT).reader());

        assertEquals(66056192 - 62926848, gauge(registry, ProcessMeters.CGROUP_WORKING_SET));
        assertTrue(registry.gauge(ProcessMeters.CGROUP_MEMORY_LIMIT, List.of()).isEmpty());
    }

    @Test
    void aProcessOutsideAnyCgroupExportsNeither() {
        MeterRegistry registry = registry();

        ProcessMeters.register(registry, new CgroupTrees(root.resolve("none")).reader());

        assertTrue(registry.gauge(ProcessMeters.CGROUP_WORKING_SET, List.of()).isEmpty());
        assertTrue(registry.gauge(ProcessMeters.CGROUP_MEMORY_LIMIT, List.of()).isEmpty());
    }
}
