package io.productscanner.runtime.heartbeat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/** The process's memory use in MiB (one decimal): the Java heap, and the resident set where Linux shows it. */
final class ProcessMemory {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final double MIB = 1024.0 * 1024.0;

    private ProcessMemory() {}

    static double heapUsedMb() {
        Runtime runtime = Runtime.getRuntime();
        return roundToTenth((runtime.totalMemory() - runtime.freeMemory()) / MIB);
    }

    /** {@code VmRSS} of {@code /proc/self/status}; empty off Linux or when it cannot be read. */
    static OptionalDouble rssMb() {
        try {
            return vmRssMb(Files.readAllLines(STATUS));
        } catch (IOException | SecurityException e) {
            return OptionalDouble.empty();
        }
    }

    /** Parses the line {@code VmRSS:    123456 kB}. */
    static OptionalDouble vmRssMb(List<String> statusLines) {
        for (String line : statusLines) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                if (parts.length == 2 && parts[1].equals("kB")) {
                    try {
                        return OptionalDouble.of(roundToTenth(Long.parseLong(parts[0]) / 1024.0));
                    } catch (NumberFormatException e) {
                        return OptionalDouble.empty();
                    }
                }
            }
        }
        return OptionalDouble.empty();
    }

    /** Bytes in MiB, one decimal. */
    static double mib(long bytes) {
        return roundToTenth(bytes / MIB);
    }

    static double roundToTenth(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
