package io.productscanner.runtime.metrics;

import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Process memory and CPU, which Helidon's system meters leave out (they give heap, threads and load): the
 * resident set size is what a container's memory limit counts.
 */
final class ProcessMeters {
    static final String RESIDENT_MEMORY = "process_resident_memory_bytes";
    static final String CPU_SECONDS = "process_cpu_seconds";
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMeters() {}

    static void register(MeterRegistry registry) {
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
