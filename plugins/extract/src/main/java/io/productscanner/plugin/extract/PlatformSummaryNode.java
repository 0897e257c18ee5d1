package io.productscanner.plugin.extract;

import io.productscanner.spi.NodeRun;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.WorkflowNodeType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code platform_summary} (multi_platform): adds to the job's summary, per platform, its kind and the counts of
 * its results: total, success, failed, not_found, match, mismatch. Runs after {@code save_result}, which sets
 * the summary it extends.
 */
final class PlatformSummaryNode implements WorkflowNodeType {
    private static final List<String> COUNTS = List.of("total", "success", "failed", "not_found", "match", "mismatch");

    @Override
    public String name() {
        return "platform_summary";
    }

    @Override
    @SuppressWarnings("unchecked")
    public void run(NodeRun run) {
        List<Map<String, Object>> results = (List<Map<String, Object>>) run.data("results")
                .orElseThrow(() ->
                        new IllegalStateException("platform_summary needs the results of compare_product before it"));
        Map<String, Map<String, Object>> platforms = new LinkedHashMap<>();
        for (Map<String, Object> result : results) {
            String id = Objects.toString(result.get("platform"), GroupByPlatformNode.UNSUPPORTED);
            Map<String, Object> counts = platforms.computeIfAbsent(id, k -> newCounts(k, run.platforms()));
            increment(counts, "total");
            String status = String.valueOf(result.get("status"));
            increment(counts, status.equals("success") || status.equals("not_found") ? status : "failed");
            Object match = result.get("match");
            if (Boolean.TRUE.equals(match)) {
                increment(counts, "match");
            } else if (Boolean.FALSE.equals(match)) {
                increment(counts, "mismatch");
            }
        }
        Map<String, Object> summary =
                new LinkedHashMap<>((Map<String, Object>) run.data("summary").orElse(Map.of()));
        summary.put("platform_count", platforms.size());
        summary.put("platforms", platforms);
        run.put("summary", summary);
        run.progress(1);
    }

    private static Map<String, Object> newCounts(String id, List<PlatformPlugin> known) {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put(
                "kind",
                known.stream()
                        .filter(p -> p.id().equals(id))
                        .findFirst()
                        .map(p -> p.kind().wireName())
                        .orElse(null));
        COUNTS.forEach(name -> counts.put(name, 0));
        return counts;
    }

    private static void increment(Map<String, Object> counts, String name) {
        counts.put(name, (Integer) counts.get(name) + 1);
    }
}
