package io.productscanner.runtime.metrics;

import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.productscanner.runtime.heartbeat.CgroupMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Process memory and CPU, which Helidon's system meters leave out (they give heap, threads and load), and the
 * memory limit and working set of the process's container: the limit counts the working set of the whole cgroup,
 * a browser worker's Chromium included, not the JVM's resident set alone.
 */
final class ProcessMeters {
    static final String RESIDENT_MEMORY = "process_resident_memory_bytes";
    static final String CPU_SECONDS = "process_cpu_seconds";
    static final String CGROUP_MEMORY_LIMIT = "scanner_cgroup_memory_limit_bytes";
    static final String CGROUP_WORKING_SET = "scanner_cgroup_memory_working_set_bytes";
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMeters() {}

    static void register(MeterRegistry registry, CgroupMemory cgroup) {
        registry.getOrCreate(Gauge.builder(RESIDENT_MEMORY, ProcessMeters::residentBytes)
                .description("Resident set size of this process; NaN where /proc is not readable"));
        registry.getOrCreate(FunctionalCounter.builder(
                        CPU_SECONDS,
                        ProcessHandle.current(),
                        process -> process.info()
                                .totalCpuDuration()
                                .map(Duration::toSeconds)
                                .orElse(0L))
                .description("CPU time used by this process, whole seconds"));
        // registered only where the process starts in a readable cgroup, the limit only where there is one
        Optional<CgroupMemory.Reading> atStart = cgroup.read();
        if (atStart.isPresent()) {
            registry.getOrCreate(Gauge.builder(
                            CGROUP_WORKING_SET,
                            () -> cgroup.read()
                                    .map(reading -> (double) reading.workingSetBytes())
                                    .orElse(Double.NaN))
                    .description("Memory used by this process's container (cgroup), child processes included, "
                            + "less its inactive file cache: what its memory limit is held against"));
        }
        if (limit(atStart).isPresent()) {
            registry.getOrCreate(Gauge.builder(CGROUP_MEMORY_LIMIT, () -> {
                        OptionalLong limit = limit(cgroup.read());
                        return limit.isPresent() ? limit.getAsLong() : Double.NaN;
                    })
                    .description("Memory limit of this process's container (cgroup v1 or v2)"));
        }
    }

    private static OptionalLong limit(Optional<CgroupMemory.Reading> reading) {
        return reading.map(CgroupMemory.Reading::limitBytes).orElse(OptionalLong.empty());
    }

    static double residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    // "VmRSS:   123456 kB"
                    return Double.parseDouble(line.substring(6).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
