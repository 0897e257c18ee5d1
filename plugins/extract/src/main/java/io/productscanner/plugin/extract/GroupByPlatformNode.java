package io.productscanner.plugin.extract;

import io.productscanner.spi.NodeRun;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.WorkflowNodeType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code group_by_platform} (single_product, multi_platform): takes the catalog rows {@code fetch_product} read,
 * fails clearly when there are none (config {@code describe} says what was looked for), and orders them by
 * platform: API platforms first, then one browser platform after another, so the extract worker opens each
 * browser once. Puts {@code platform_plan}: per platform, its kind and how many products it has.
 */
final class GroupByPlatformNode implements WorkflowNodeType {
    static final String PLAN = "platform_plan";
    /** Rows whose URL no loaded platform accepts: scan_product reports them as failed. */
    static final String UNSUPPORTED = "unsupported";

    private static final System.Logger LOG = System.getLogger(GroupByPlatformNode.class.getName());

    @Override
    public String name() {
        return "group_by_platform";
    }

    @Override
    public List<String> producedData() {
        return List.of(PLAN);
    }

    @Override
    public List<String> configProblems(Map<String, Object> config) {
        Object describe = config.get("describe");
        return describe == null || describe instanceof String
                ? List.of()
                : List.of("describe must be a string (what the catalog was searched for, for the error message)");
    }

    @Override
    @SuppressWarnings("unchecked")
    public void run(NodeRun run) {
        List<Map<String, Object>> products =
                (List<Map<String, Object>>) run.data("products").orElse(List.of());
        if (products.isEmpty()) {
            throw new IllegalArgumentException(
                    "no catalog row matches " + run.config().getOrDefault("describe", "the job's filter"));
        }
        Comparator<PlatformPlugin> order = Platforms.scanOrder();
        List<Map.Entry<Optional<PlatformPlugin>, Map<String, Object>>> keyed = new ArrayList<>();
        for (Map<String, Object> product : products) {
            keyed.add(Map.entry(platformOf(product, run.platforms()), product));
        }
        // stable: within a platform, catalog order is kept; unsupported rows go last
        keyed.sort((a, b) -> a.getKey().isEmpty() || b.getKey().isEmpty()
                ? Boolean.compare(a.getKey().isEmpty(), b.getKey().isEmpty())
                : order.compare(a.getKey().get(), b.getKey().get()));
        Map<String, Map<String, Object>> plan = new LinkedHashMap<>();
        for (var entry : keyed) {
            String id = entry.getKey().map(PlatformPlugin::id).orElse(UNSUPPORTED);
            Map<String, Object> line = plan.computeIfAbsent(id, k -> {
                Map<String, Object> created = new LinkedHashMap<>();
                created.put("kind", entry.getKey().map(p -> p.kind().wireName()).orElse(null));
                created.put("products", 0);
                return created;
            });
            line.put("products", (Integer) line.get("products") + 1);
        }
        run.put("products", keyed.stream().map(Map.Entry::getValue).toList());
        run.put(PLAN, plan);
        LOG.log(
                System.Logger.Level.INFO,
                "event=extract.grouped job_id=" + run.jobId() + " platform=" + run.queue() + " products="
                        + products.size() + " platforms=" + String.join(",", plan.keySet()));
        run.progress(1);
    }

    private static Optional<PlatformPlugin> platformOf(Map<String, Object> product, List<PlatformPlugin> platforms) {
        try {
            return Platforms.forUrl(platforms, new URI(String.valueOf(product.get("url"))));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
