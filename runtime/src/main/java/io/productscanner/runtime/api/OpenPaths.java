package io.productscanner.runtime.api;

import io.productscanner.runtime.console.ConsoleService;
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
        return !hasDotSegment(path) && OPEN.stream().anyMatch(open -> path.equals(open) || path.startsWith(open + "/"));
    }

    /**
     * Whether {@code path} needs no token: the open paths, the console's files, which a browser loads as a page
     * (it cannot add a header to that) and which hold no data (the calls the console makes carry the token), and the
     * OpenAPI document, which describes the routes and holds no data either.
     */
    static boolean needsNoToken(String path) {
        return isOpen(path) || !hasDotSegment(path) && (ConsoleService.serves(path) || path.equals(ApiDocument.PATH));
    }

    private static boolean hasDotSegment(String path) {
        return Arrays.stream(path.split("/")).anyMatch(segment -> segment.equals(".") || segment.equals(".."));
    }
}
