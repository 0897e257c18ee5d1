package io.productscanner.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Memory of a process (this JVM by default) and every process it started (a browser plugin's driver and Chromium with its renderers), from
 * {@code /proc}. The RSS sum counts pages shared between processes (Chromium's binary, its zygote's heap) once per
 * process, so it is an upper bound; the PSS sum splits them and is what the processes hold together.
 *
 * @param residentBytes     VmRSS summed over the processes
 * @param proportionalBytes Pss summed over the processes (0 where smaps_rollup is unreadable)
 * @param processes         how many processes were counted
 */
record ProcessTreeMemory(long residentBytes, long proportionalBytes, int processes) {
    static ProcessTreeMemory now() {
        return of(ProcessHandle.current());
    }

    /** {@code root} and its descendants, now. */
    static ProcessTreeMemory of(ProcessHandle root) {
        List<ProcessHandle> tree =
                Stream.concat(Stream.of(root), root.descendants()).toList();
        long resident = 0;
        long proportional = 0;
        int counted = 0;
        for (ProcessHandle process : tree) {
            long rss = kilobytes(process.pid(), "status", "VmRSS:");
            if (rss > 0) {
                resident += rss * 1024;
                proportional += kilobytes(process.pid(), "smaps_rollup", "Pss:") * 1024;
                counted++;
            }
        }
        return new ProcessTreeMemory(resident, proportional, counted);
    }

    double residentMb() {
        return residentBytes / (1024.0 * 1024.0);
    }

    double proportionalMb() {
        return proportionalBytes / (1024.0 * 1024.0);
    }

    /** A "Key:   123 kB" line of a /proc file; 0 when the process has gone or the platform has no /proc. */
    private static long kilobytes(long pid, String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), file))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
