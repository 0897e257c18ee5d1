package io.productscanner.plugin.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.WorkflowNodeType.ParamProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The extract plugin's node types, over plain values as the runtime hands them over. */
class ExtractNodesTest {
    private static final TestPlatform.Census CENSUS = new TestPlatform.Census();
    private static final List<PlatformPlugin> PLATFORMS = TestPlatform.of(
            new TestPlatform("olive", PluginKind.BROWSER, 1, CENSUS),
                    new TestPlatform("musi", PluginKind.API, 1, CENSUS),
            new TestPlatform("abl", PluginKind.BROWSER, 1, CENSUS), new TestPlatform("hwa", PluginKind.API, 1, CENSUS));

    private static Map<String, Object> product(String url) {
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("url", url);
        product.put("product_set_id", url.substring(url.lastIndexOf('/') + 1));
        product.put("expected", Map.of());
        return product;
    }

    @Test
    void resolveUrlTurnsAnyFormIntoTheCanonicalProductAndRefusesOthersNamingThePlatforms() {
        ResolveUrlNode node = new ResolveUrlNode();
        RecordedRun run = new RecordedRun(Map.of("url", " https://m.olive.test/p/42 "), Map.of(), PLATFORMS);
        node.run(run);
        assertEquals(
                List.of(Map.of("url", "https://olive.test/p/42", "expected", Map.of())),
                ((List<?>) run.data.get("products"))
                        .stream()
                                .map(p -> {
                                    Map<?, ?> m = (Map<?, ?>) p;
                                    return Map.of("url", m.get("url"), "expected", m.get("expected"));
                                })
                                .toList());
        assertEquals(List.of(1.0), run.progress);

        String supported = "(supported: abl, hwa, musi, olive)";
        assertEquals(
                List.of(new ParamProblem("params.url", "is not a product URL of a supported platform " + supported)),
                node.paramProblems(Map.of(), Map.of("url", "https://shop.test/p/1"), PLATFORMS));
        assertEquals(
                List.of(new ParamProblem(
                        "params.url", "is required: a product URL of a supported platform " + supported)),
                node.paramProblems(Map.of(), Map.of(), PLATFORMS));
        assertEquals(
                List.of(new ParamProblem("params.url", "must be an absolute http(s) URL")),
                node.paramProblems(Map.of(), Map.of("url", "olive.test/p/1"), PLATFORMS));
        assertEquals(List.of(), node.paramProblems(Map.of(), Map.of("url", "https://hwa.test/p/1"), PLATFORMS));
        IllegalArgumentException failed = assertThrows(
                IllegalArgumentException.class,
                () -> node.run(new RecordedRun(Map.of("url", "https://shop.test/p/1"), Map.of(), PLATFORMS)));
        assertEquals("is not a product URL of a supported platform " + supported, failed.getMessage());
    }

    @Test
    void groupByPlatformPutsApiPlatformsFirstThenEachBrowserPlatformAndUnsupportedRowsLast() {
        RecordedRun run = new RecordedRun(Map.of(), Map.of("describe", "product_id P-1"), PLATFORMS);
        run.put(
                "products",
                List.of(
                        product("https://olive.test/p/1"),
                        product("https://shop.test/p/2"),
                        product("https://musi.test/p/3"),
                        product("https://abl.test/p/4"),
                        product("https://olive.test/p/5"),
                        product("https://hwa.test/p/6")));

        new GroupByPlatformNode().run(run);

        List<String> order = ((List<?>) run.data.get("products"))
                .stream().map(p -> ((Map<?, ?>) p).get("url").toString()).toList();
        assertEquals(
                List.of(
                        "https://hwa.test/p/6",
                        "https://musi.test/p/3",
                        "https://abl.test/p/4",
                        "https://olive.test/p/1",
                        "https://olive.test/p/5",
                        "https://shop.test/p/2"),
                order);
        Map<?, ?> plan = (Map<?, ?>) run.data.get(GroupByPlatformNode.PLAN);
        assertEquals(List.of("hwa", "musi", "abl", "olive", "unsupported"), List.copyOf(plan.keySet()));
        assertEquals(Map.of("kind", "browser", "products", 2), plan.get("olive"));
    }

    @Test
    void groupByPlatformFailsClearlyWhenTheCatalogHadNoRow() {
        RecordedRun run = new RecordedRun(Map.of(), Map.of("describe", "product_set_id ps-9"), PLATFORMS);
        run.put("products", List.of());
        IllegalArgumentException failed =
                assertThrows(IllegalArgumentException.class, () -> new GroupByPlatformNode().run(run));
        assertEquals("no catalog row matches product_set_id ps-9", failed.getMessage());
        assertEquals(
                List.of("describe must be a string (what the catalog was searched for, for the error message)"),
                new GroupByPlatformNode().configProblems(Map.of("describe", 5)));
    }

    @Test
    void platformSummaryCountsEachPlatformsResultsIntoTheJobSummary() {
        RecordedRun run = new RecordedRun(Map.of(), Map.of(), PLATFORMS);
        run.put("summary", Map.of("total", 4, "success", 2));
        run.put(
                "results",
                List.of(
                        result("hwa", "success", true), result("hwa", "success", false),
                        result("olive", "not_found", false), result(null, "failed", null)));

        new PlatformSummaryNode().run(run);

        Map<?, ?> summary = (Map<?, ?>) run.data.get("summary");
        assertEquals(4, summary.get("total"), "what save_result counted stays");
        assertEquals(3, summary.get("platform_count"));
        Map<?, ?> platforms = (Map<?, ?>) summary.get("platforms");
        assertEquals(counts("api", 2, 2, 0, 0, 1, 1), platforms.get("hwa"));
        assertEquals(counts("browser", 1, 0, 0, 1, 0, 1), platforms.get("olive"));
        assertEquals(counts(null, 1, 0, 1, 0, 0, 0), platforms.get("unsupported"));
    }

    private static Map<String, Object> result(String platform, String status, Boolean match) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("platform", platform);
        result.put("status", status);
        result.put("match", match);
        return result;
    }

    private static Map<String, Object> counts(
            String kind, int total, int success, int failed, int notFound, int match, int mismatch) {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("kind", kind);
        counts.put("total", total);
        counts.put("success", success);
        counts.put("failed", failed);
        counts.put("not_found", notFound);
        counts.put("match", match);
        counts.put("mismatch", mismatch);
        return counts;
    }
}
