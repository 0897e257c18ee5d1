package io.productscanner.tools.bench;

import io.productscanner.runtime.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The figures of one benchmark run: printed as a two-column table, then as one JSON line (for scripts). */
final class BenchReport {
    private final Map<String, Object> figures = new LinkedHashMap<>();

    BenchReport(String benchmark) {
        figures.put("benchmark", benchmark);
    }

    BenchReport put(String name, Object value) {
        figures.put(name, value);
        return this;
    }

    void print(PrintStream out) {
        out.printf("%-30s %14s%n", "metric", "value");
        figures.forEach((name, value) -> out.printf("%-30s %14s%n", name, value));
        out.println(Json.write(figures));
    }

    static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** A {@code /proc/<pid>/status} size field ({@code VmRSS}, {@code VmHWM}) in MiB, or -1 when it cannot be read. */
    static double procStatusMb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return round2(Long.parseLong(line.replaceAll("\\D", "")) / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
