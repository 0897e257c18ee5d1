package io.productscanner.runtime.heartbeat;

import static io.productscanner.runtime.heartbeat.CgroupTrees.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory limit and working set of a process's cgroup, read from fake cgroup v1 and v2 trees. */
class CgroupMemoryTest {
    @TempDir
    Path root;

    private CgroupTrees trees() {
        return trees("tree");
    }

    private CgroupTrees trees(String name) {
        return new CgroupTrees(root.resolve(name));
    }

    @Test
    void aV1ContainerHasItsLimitAndItsUsageLessInactiveFileCache() {
        CgroupMemory.Reading reading =
                trees().v1Container("314572800").reader().read().orElseThrow();

        assertEquals(OptionalLong.of(300 * MIB), reading.limitBytes());
        assertEquals(66056192, reading.usageBytes());
        // the 60 MB file the container read is cache the kernel takes back before it kills anything
        assertEquals(66056192 - 62926848, reading.workingSetBytes());
    }

    @Test
    void aV1ContainerWithoutLimitHasNone() {
        CgroupMemory.Reading reading =
                trees().v1Container(CgroupTrees.V1_NO_LIMIT).reader().read().orElseThrow();

        assertEquals(OptionalLong.empty(), reading.limitBytes());
        assertEquals(66056192 - 62926848, reading.workingSetBytes());
    }

    @Test
    void aLimitAtOrAboveTheMachinesMemoryIsNoLimit() {
        CgroupTrees trees = trees().v1Container(String.valueOf(32L * 1024 * MIB));

        assertEquals(OptionalLong.empty(), trees.reader().read().orElseThrow().limitBytes());
        trees.file("proc/meminfo", "MemTotal:       65975968 kB\n");
        assertEquals(
                OptionalLong.of(32L * 1024 * MIB),
                trees.reader().read().orElseThrow().limitBytes(),
                "below the RAM of a bigger machine it is a limit");
    }

    @Test
    void onAV1HostTheProcessesOwnNestedCgroupIsReadAndAParentsLimitBindsIt() {
        String memory = "sys/fs/cgroup/memory/";
        CgroupTrees trees = trees().file(
                        "proc/self/cgroup",
                        "9:name=systemd:/system.slice/product-scanner.service\n"
                                + "4:memory:/system.slice/product-scanner.service\n"
                                + "1:cpu,cpuacct:/system.slice\n0::/system.slice/product-scanner.service\n")
                .file("proc/meminfo", CgroupTrees.MEMINFO_24_GIB)
                .file(memory + "memory.limit_in_bytes", CgroupTrees.V1_NO_LIMIT)
                .file(memory + "memory.usage_in_bytes", "20000000000")
                .file(memory + "memory.stat", "inactive_file 0\ntotal_inactive_file 9000000000\n")
                .file(memory + "system.slice/product-scanner.service/memory.limit_in_bytes", CgroupTrees.V1_NO_LIMIT)
                .file(memory + "system.slice/product-scanner.service/memory.usage_in_bytes", "700000000\n")
                .file(
                        memory + "system.slice/product-scanner.service/memory.stat",
                        "inactive_file 100000000\ntotal_inactive_file 200000000\n");

        CgroupMemory.Reading own = trees.reader().read().orElseThrow();
        assertEquals(OptionalLong.empty(), own.limitBytes());
        assertEquals(700000000, own.usageBytes(), "the service's cgroup, not the machine's");
        assertEquals(500000000, own.workingSetBytes(), "total_ counts the child cgroups, as usage does");

        trees.file(memory + "system.slice/memory.limit_in_bytes", String.valueOf(1024 * MIB))
                .file(memory + "system.slice/memory.usage_in_bytes", "900000000\n")
                .file(memory + "system.slice/memory.stat", "total_inactive_file 100000000\n");
        CgroupMemory.Reading bound = trees.reader().read().orElseThrow();
        assertEquals(OptionalLong.of(1024 * MIB), bound.limitBytes());
        assertEquals(900000000, bound.usageBytes(), "the usage the parent's limit is held against");
        assertEquals(800000000, bound.workingSetBytes());
    }

    @Test
    void aV2ContainerHasItsLimitAndItsUsageLessInactiveFileCache() {
        CgroupMemory.Reading reading = trees().v2Container(String.valueOf(512 * MIB), 300 * MIB, 40 * MIB)
                .reader()
                .read()
                .orElseThrow();

        assertEquals(OptionalLong.of(512 * MIB), reading.limitBytes());
        assertEquals(300 * MIB, reading.usageBytes());
        assertEquals(260 * MIB, reading.workingSetBytes());
    }

    @Test
    void aV2MaxIsNoLimit() {
        CgroupMemory.Reading reading =
                trees().v2Container("max", 300 * MIB, 40 * MIB).reader().read().orElseThrow();

        assertEquals(OptionalLong.empty(), reading.limitBytes());
        assertEquals(260 * MIB, reading.workingSetBytes());
    }

    @Test
    void onAV2HostTheProcessesOwnNestedCgroupIsRead() {
        String service = "sys/fs/cgroup/system.slice/product-scanner.service/";
        CgroupTrees trees = trees().file("proc/self/cgroup", "0::/system.slice/product-scanner.service\n")
                .file("proc/meminfo", CgroupTrees.MEMINFO_24_GIB)
                // the root cgroup has neither memory.max nor memory.current
                .file("sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory pids\n")
                .file("sys/fs/cgroup/memory.stat", CgroupTrees.v2MemoryStat(5_000_000_000L, 9_000_000_000L))
                .file("sys/fs/cgroup/system.slice/memory.max", "max\n")
                .file("sys/fs/cgroup/system.slice/memory.current", "3000000000\n")
                .file(service + "memory.max", String.valueOf(2048 * MIB))
                .file(service + "memory.current", String.valueOf(1000 * MIB))
                .file(service + "memory.stat", CgroupTrees.v2MemoryStat(900 * MIB, 100 * MIB));

        CgroupMemory.Reading reading = trees.reader().read().orElseThrow();

        assertEquals(OptionalLong.of(2048 * MIB), reading.limitBytes());
        assertEquals(1000 * MIB, reading.usageBytes());
        assertEquals(900 * MIB, reading.workingSetBytes());
    }

    @Test
    void aWorkingSetNeverGoesBelowZero() {
        CgroupMemory.Reading reading =
                trees().v2Container("max", 10 * MIB, 40 * MIB).reader().read().orElseThrow();

        assertEquals(0, reading.workingSetBytes());
    }

    @Test
    void withoutAMemoryControllerThereIsNoReading() throws Exception {
        assertTrue(trees("empty").reader().read().isEmpty(), "nothing mounted");

        CgroupTrees cpuOnly =
                trees("cpu-only").file("proc/self/cgroup", "1:cpu:/\n").file("sys/fs/cgroup/cpu/cpu.shares", "2");
        assertTrue(cpuOnly.reader().read().isEmpty(), "v1 without the memory controller");

        CgroupTrees unreadable = trees("unreadable").v2Container("max", 10 * MIB, 0);
        Files.writeString(unreadable.sysFsCgroup().resolve("memory.current"), "not a number\n");
        assertTrue(unreadable.reader().read().isEmpty(), "a file of an unknown layout gives no reading");
    }

    @Test
    void thisMachinesOwnCgroupReadsAsTheKernelShowsIt() {
        boolean cgroupMounted = Files.isRegularFile(Path.of("/sys/fs/cgroup/cgroup.controllers"))
                || Files.isDirectory(Path.of("/sys/fs/cgroup/memory"));
        var reading = CgroupMemory.ofThisProcess().read();
        if (cgroupMounted) {
            CgroupMemory.Reading own = reading.orElseThrow();
            assertTrue(own.usageBytes() > 0, own.toString());
            assertTrue(own.workingSetBytes() <= own.usageBytes(), own.toString());
        } else {
            assertTrue(reading.isEmpty(), "no cgroup file system, no reading: " + reading);
        }
    }
}
