package io.productscanner.runtime.api;

import java.util.Arrays;
import java.util.List;

/**
 * Health and metrics, and what lies under them: probes and scrapers reach them without a token, by whatever name
 * or address their platform uses. They only read, and say nothing about jobs.
 */
final class OpenPaths {
    private static final List<String> OPEN = List.of("/observe/health", "/observe/metrics");

    private OpenPaths() {}

    /**
     * Whether {@code path} is open. The path is decoded but, for escaped dots, not normalized, so
     * {@code /observe/health/%2e%2e/...} would look open: any dot segment makes a path guarded.
     */
    static boolean isOpen(String path) {
        if (Arrays.stream(path.split("/")).anyMatch(segment -> segment.equals(".") || segment.equals(".."))) {
            return false;
        }
        return OPEN.stream().anyMatch(open -> path.equals(open) || path.startsWith(open + "/"));
    }
}
