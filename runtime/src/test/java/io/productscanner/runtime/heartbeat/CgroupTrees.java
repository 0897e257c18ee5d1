package io.productscanner.runtime.heartbeat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fake {@code /sys/fs/cgroup} and {@code /proc} trees for {@link CgroupMemory}, in a directory of their own. The v1
 * files are those a container of this machine's Docker 20.10 showed ({@code docker run -m 300m debian:bookworm},
 * 60 MB of a file just read); the v2 files follow the kernel's cgroup-v2 documentation.
 */
public final class CgroupTrees {
    public static final long MIB = 1024 * 1024;
    /** What cgroup v1 writes for "no limit". */
    public static final String V1_NO_LIMIT = "9223372036854771712";

    public static final String DOCKER_ID = "8fba37ffd8c6150792476de25647e9dcabc516b6687d61a3c3fcf3a9e28fd483";

    /** {@code /proc/self/cgroup} in a Docker container on a cgroup v1 host: the host's view of its cgroup. */
    public static final String V1_CONTAINER_PROC_SELF_CGROUP = """
            9:name=systemd:/docker/%1$s
            8:pids:/docker/%1$s
            7:blkio:/docker/%1$s
            6:freezer:/docker/%1$s
            5:devices:/docker/%1$s
            4:memory:/docker/%1$s
            3:cpuset:/docker/%1$s
            2:cpuacct:/docker/%1$s
            1:cpu:/docker/%1$s
            0::/docker/%1$s
            """.formatted(DOCKER_ID);

    /** The container's {@code memory.stat}: 66056192 bytes used, 62926848 of them inactive file cache. */
    public static final String V1_CONTAINER_MEMORY_STAT = """
            cache 62930944
            rss 266240
            rss_huge 0
            shmem 0
            mapped_file 0
            dirty 12288
            writeback 0
            workingset_refault_anon 0
            workingset_refault_file 0
            swap 0
            swapcached 0
            pgpgin 1447
            pgpgout 1318
            pgfault 1987
            pgmajfault 0
            inactive_anon 258048
            active_anon 8192
            inactive_file 62926848
            active_file 4096
            unevictable 0
            hierarchical_memory_limit 314572800
            hierarchical_memsw_limit 629145600
            total_cache 62930944
            total_rss 266240
            total_rss_huge 0
            total_shmem 0
            total_mapped_file 0
            total_dirty 12288
            total_writeback 0
            total_workingset_refault_anon 0
            total_workingset_refault_file 0
            total_swap 0
            total_swapcached 0
            total_pgpgin 1447
            total_pgpgout 1318
            total_pgfault 1987
            total_pgmajfault 0
            total_inactive_anon 258048
            total_active_anon 8192
            total_inactive_file 62926848
            total_active_file 4096
            total_unevictable 0
            """;

    public static final String MEMINFO_24_GIB = """
            MemTotal:       24683664 kB
            MemFree:         1022400 kB
            MemAvailable:   15104844 kB
            """;

    /** A cgroup v2 {@code memory.stat} with {@code inactiveFile} bytes of inactive file cache. */
    public static String v2MemoryStat(long anon, long inactiveFile) {
        return """
                anon %d
                file %d
                kernel 2961408
                kernel_stack 425984
                pagetables 1392640
                sec_pagetables 0
                percpu 0
                sock 0
                vmalloc 0
                shmem 0
                zswap 0
                zswapped 0
                file_mapped 20480
                file_dirty 0
                file_writeback 0
                swapcached 0
                anon_thp 0
                file_thp 0
                shmem_thp 0
                inactive_anon %d
                active_anon 0
                inactive_file %d
                active_file 4096
                unevictable 0
                slab_reclaimable 593104
                slab_unreclaimable 456592
                slab 1049696
                workingset_refault_anon 0
                workingset_refault_file 0
                """.formatted(anon, inactiveFile + 4096, anon, inactiveFile);
    }

    private final Path root;

    public CgroupTrees(Path root) {
        this.root = root;
    }

    public Path sysFsCgroup() {
        return root.resolve("sys/fs/cgroup");
    }

    public Path proc() {
        return root.resolve("proc");
    }

    public CgroupMemory reader() {
        return new CgroupMemory(sysFsCgroup(), proc());
    }

    /** Writes {@code text} at {@code path} under the root, folders included. */
    public CgroupTrees file(String path, String text) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The container of the v1 capture, its limit replaced by {@code limit}. */
    public CgroupTrees v1Container(String limit) {
        return file("proc/self/cgroup", V1_CONTAINER_PROC_SELF_CGROUP)
                .file("proc/meminfo", MEMINFO_24_GIB)
                .file("sys/fs/cgroup/cpu/cpu.shares", "1024\n")
                .file("sys/fs/cgroup/memory/memory.limit_in_bytes", limit + "\n")
                .file("sys/fs/cgroup/memory/memory.usage_in_bytes", "66056192\n")
                .file("sys/fs/cgroup/memory/memory.stat", V1_CONTAINER_MEMORY_STAT);
    }

    /** A cgroup v2 container (its own cgroup namespace): the root is the container's cgroup. */
    public CgroupTrees v2Container(String max, long current, long inactiveFile) {
        return file("proc/self/cgroup", "0::/\n")
                .file("proc/meminfo", MEMINFO_24_GIB)
                .file("sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n")
                .file("sys/fs/cgroup/memory.max", max + "\n")
                .file("sys/fs/cgroup/memory.current", current + "\n")
                .file("sys/fs/cgroup/memory.stat", v2MemoryStat(current - inactiveFile, inactiveFile));
    }
}
