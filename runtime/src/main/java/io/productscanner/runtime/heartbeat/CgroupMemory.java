package io.productscanner.runtime.heartbeat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The memory limit and use of the cgroup this process runs in (its container's, or a systemd unit's), cgroup v2
 * and v1 alike. The limit counts every process of the cgroup, a browser worker's Chromium too, which the JVM's
 * resident set leaves out; what the kernel holds against it before an OOM kill, and what the kubelet and cAdvisor
 * report, is the working set: usage minus the inactive file cache, which the kernel reclaims first.
 */
public final class CgroupMemory {
    /** At or above this a limit is cgroup v1's "none" (9223372036854771712, a page short of Long.MAX_VALUE). */
    private static final long NO_LIMIT_FLOOR = 1L << 62;

    private final Path cgroupRoot;
    private final Path procRoot;

    /**
     * @param cgroupRoot where the cgroup file systems are mounted ({@code /sys/fs/cgroup})
     * @param procRoot   where {@code self/cgroup} and {@code meminfo} are ({@code /proc})
     */
    public CgroupMemory(Path cgroupRoot, Path procRoot) {
        this.cgroupRoot = cgroupRoot;
        this.procRoot = procRoot;
    }

    public static CgroupMemory ofThisProcess() {
        return new CgroupMemory(Path.of("/sys/fs/cgroup"), Path.of("/proc"));
    }

    /**
     * One reading of the cgroup.
     *
     * @param limitBytes      the tightest memory limit on the cgroup or a parent; empty when there is none (a limit
     *                        at or above the machine's RAM is none)
     * @param usageBytes      memory charged to the cgroup holding that limit (the process's own without a limit)
     * @param workingSetBytes {@code usageBytes} less its inactive file cache
     */
    public record Reading(OptionalLong limitBytes, long usageBytes, long workingSetBytes) {}

    /** What the cgroup files say now; empty off Linux, or where no memory controller can be read. */
    public Optional<Reading> read() {
        Optional<Version> version = version();
        if (version.isEmpty()) {
            return Optional.empty();
        }
        try {
            return read(version.get());
        } catch (IOException | RuntimeException e) {
            // a file of another layout, or one gone between two reads: no reading rather than a wrong one
            return Optional.empty();
        }
    }

    /** v2 when the unified hierarchy is mounted at the root; v1 when its memory controller is. */
    private Optional<Version> version() {
        if (Files.isRegularFile(cgroupRoot.resolve("cgroup.controllers"))) {
            return Optional.of(Version.V2);
        }
        if (Files.isDirectory(cgroupRoot.resolve(Version.V1.mount))) {
            return Optional.of(Version.V1);
        }
        return Optional.empty();
    }

    private Optional<Reading> read(Version version) throws IOException {
        Path mount = cgroupRoot.resolve(version.mount).normalize();
        Path own = ownCgroup(version, mount);
        long hostMemory = hostMemoryBytes();
        // the tightest limit from the process's cgroup up to the mount: a parent's limit binds its children too
        Path bound = own;
        long limit = Long.MAX_VALUE;
        for (Path dir = own; dir != null && dir.startsWith(mount); dir = dir.getParent()) {
            OptionalLong here = limitAt(version, dir, hostMemory);
            if (here.isPresent() && here.getAsLong() < limit) {
                limit = here.getAsLong();
                bound = dir;
            }
        }
        Path usageFile = bound.resolve(version.usageFile);
        if (!Files.isRegularFile(usageFile)) {
            // a host's root cgroup keeps no usage of its own
            return Optional.empty();
        }
        long usage = Long.parseLong(Files.readString(usageFile).trim());
        long inactiveFile = statValue(bound.resolve("memory.stat"), version.inactiveFileKey);
        return Optional.of(new Reading(
                limit == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(limit),
                usage,
                Math.max(0, usage - inactiveFile)));
    }

    /**
     * The directory of the process's own cgroup: its path in {@code /proc/self/cgroup} under the mount on a host.
     * Inside a container that path names the container's cgroup as the host sees it, and the mount already is
     * that cgroup (a cgroup namespace or a bind mount), so the path is not there and the mount itself is the one.
     */
    private Path ownCgroup(Version version, Path mount) throws IOException {
        Path cgroupFile = procRoot.resolve("self/cgroup");
        if (!Files.isRegularFile(cgroupFile)) {
            return mount;
        }
        for (String line : Files.readAllLines(cgroupFile)) {
            // "hierarchy-id:controllers:path": v2 is "0::/path", v1's memory line "4:memory:/path"
            String[] fields = line.split(":", 3);
            if (fields.length == 3 && version.isOwnLine(fields[0], fields[1])) {
                Path dir = mount.resolve(fields[2].replaceFirst("^/+", "")).normalize();
                return dir.startsWith(mount) && Files.isDirectory(dir) ? dir : mount;
            }
        }
        return mount;
    }

    private static OptionalLong limitAt(Version version, Path dir, long hostMemory) throws IOException {
        Path file = dir.resolve(version.limitFile);
        if (!Files.isRegularFile(file)) {
            // the root cgroup of v2 has no memory.max
            return OptionalLong.empty();
        }
        String text = Files.readString(file).trim();
        if (text.equals("max")) {
            return OptionalLong.empty();
        }
        long limit = Long.parseLong(text);
        return limit >= NO_LIMIT_FLOOR || limit >= hostMemory ? OptionalLong.empty() : OptionalLong.of(limit);
    }

    /** {@code MemTotal} of {@code meminfo}, which a container sees unchanged; Long.MAX_VALUE when unknown. */
    private long hostMemoryBytes() throws IOException {
        Path meminfo = procRoot.resolve("meminfo");
        if (!Files.isRegularFile(meminfo)) {
            return Long.MAX_VALUE;
        }
        for (String line : Files.readAllLines(meminfo)) {
            if (line.startsWith("MemTotal:")) {
                // "MemTotal:       24683664 kB"
                String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return Long.MAX_VALUE;
    }

    /** The value of one {@code key value} line of a {@code memory.stat}; 0 when the key or file is missing. */
    private static long statValue(Path stat, String key) throws IOException {
        if (!Files.isRegularFile(stat)) {
            return 0;
        }
        List<String> lines = Files.readAllLines(stat);
        for (String line : lines) {
            int space = line.indexOf(' ');
            if (space > 0 && line.substring(0, space).equals(key)) {
                return Long.parseLong(line.substring(space + 1).trim());
            }
        }
        return 0;
    }

    /** Where each version keeps the files, and the names they have there. */
    private enum Version {
        V2("", "memory.max", "memory.current", "inactive_file"),
        // total_inactive_file counts the child cgroups too, as usage_in_bytes does
        V1("memory", "memory.limit_in_bytes", "memory.usage_in_bytes", "total_inactive_file");

        final String mount;
        final String limitFile;
        final String usageFile;
        final String inactiveFileKey;

        Version(String mount, String limitFile, String usageFile, String inactiveFileKey) {
            this.mount = mount;
            this.limitFile = limitFile;
            this.usageFile = usageFile;
            this.inactiveFileKey = inactiveFileKey;
        }

        boolean isOwnLine(String hierarchy, String controllers) {
            return this == V2
                    ? hierarchy.equals("0") && controllers.isEmpty()
                    : List.of(controllers.split(",")).contains("memory");
        }
    }
}
