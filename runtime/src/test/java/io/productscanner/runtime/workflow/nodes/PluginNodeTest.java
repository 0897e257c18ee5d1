package io.productscanner.runtime.workflow.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.workflow.JobData;
import io.productscanner.runtime.workflow.ParamProblem;
import io.productscanner.runtime.workflow.WorkflowDefinition;
import io.productscanner.runtime.workflow.WorkflowException;
import io.productscanner.runtime.workflow.WorkflowRunner;
import io.productscanner.spi.NodeRun;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.WorkflowNodeType;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A plugin's node type run by the workflow engine: plain JSON values cross the SPI both ways. */
class PluginNodeTest {
    private static final WorkflowDefinition WORKFLOW = new WorkflowDefinition(
            "wf", "wf", "1", Optional.of("mixed"), "", Json.MAPPER.createObjectNode(), "n", Map.of(), List.of(), null);

    /** A platform the registry lists to plugin nodes; it is never scanned here. */
    private static final PlatformPlugin SHOP = new PlatformPlugin() {
        public String id() {
            return "shop";
        }

        public PluginKind kind() {
            return PluginKind.API;
        }

        public boolean matches(URI url) {
            return "shop.test".equals(url.getHost());
        }

        public String productId(URI url) {
            return url.getPath().substring(1);
        }

        public URI canonicalUrl(String productId) {
            return URI.create("https://shop.test/" + productId);
        }

        public ProductScanner createScanner(PluginContext context) {
            throw new UnsupportedOperationException("not scanned in this test");
        }
    };

    private static PluginNode node(WorkflowNodeType type) {
        return new PluginNode(type, "mixed", PluginRegistry.of(List.of(SHOP), Settings.of(Map.of())));
    }

    @Test
    void aPluginNodeReadsAndWritesTheRuntimesJobDataAsPlainValues() throws Exception {
        AtomicReference<Object> seenSummary = new AtomicReference<>();
        PluginNode node = node(new WorkflowNodeType() {
            public String name() {
                return "pick";
            }

            public List<String> producedData() {
                return List.of("picked");
            }

            public void run(NodeRun run) {
                seenSummary.set(run.data("summary").orElseThrow());
                String url = run.platforms()
                        .getFirst()
                        .canonicalUrl(run.params().get("id").toString())
                        .toString();
                run.put("products", List.of(Map.of("url", url, "expected", Map.of("original_price", 100))));
                run.put("picked", Map.of("platform", run.platforms().getFirst().id(), "queue", run.queue()));
                run.progress(1);
            }
        });
        TestNodeRun run = new TestNodeRun("wf", "mixed").params("{\"id\": 7}");
        run.data.put(WorkflowRunner.SUMMARY, Json.read("{\"total\": 2}"));

        run.run(node);

        assertEquals(Map.of("total", 2), seenSummary.get());
        var products = run.data.find(ProductData.PRODUCTS).orElseThrow().items();
        assertEquals("https://shop.test/7", products.getFirst().url());
        assertEquals(100, products.getFirst().expected().path("original_price").asInt());
        @SuppressWarnings("unchecked")
        JobData.Key<JsonNode> picked =
                (JobData.Key<JsonNode>) node.producedData().getFirst();
        assertEquals(
                Json.read("{\"platform\": \"shop\", \"queue\": \"mixed\"}"),
                run.data.find(picked).orElseThrow());
        assertEquals(List.of(1.0), run.progress);
    }

    @Test
    void badInputFromTheNodeFailsTheJobWithoutRetryAndUndeclaredDataIsRefused() {
        PluginNode refusing = node(new WorkflowNodeType() {
            public String name() {
                return "refuse";
            }

            public void run(NodeRun run) {
                throw new IllegalArgumentException("no catalog row matches product_id 9");
            }
        });
        WorkflowException failed =
                assertThrows(WorkflowException.class, () -> new TestNodeRun("wf", "mixed").run(refusing));
        assertEquals("no catalog row matches product_id 9", failed.getMessage());

        PluginNode sloppy = node(new WorkflowNodeType() {
            public String name() {
                return "sloppy";
            }

            public void run(NodeRun run) {
                run.put("scratch", 1);
            }
        });
        IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> new TestNodeRun("wf", "mixed").run(sloppy));
        assertTrue(refused.getMessage().contains("'scratch'"), refused.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> node(new WorkflowNodeType() {
                    public String name() {
                        return "greedy";
                    }

                    public List<String> producedData() {
                        return List.of("products");
                    }

                    public void run(NodeRun run) {}
                }),
                "a plugin cannot declare the runtime's own data as its own");
    }

    @Test
    void paramAndConfigProblemsComeFromThePluginWithThePlatformsItMaySee() {
        PluginNode checking = node(new WorkflowNodeType() {
            public String name() {
                return "check";
            }

            public List<String> configProblems(Map<String, Object> config) {
                return config.containsKey("mode") ? List.of() : List.of("mode is required");
            }

            public List<WorkflowNodeType.ParamProblem> paramProblems(
                    Map<String, Object> config, Map<String, Object> params, List<PlatformPlugin> platforms) {
                return List.of(new WorkflowNodeType.ParamProblem(
                        "params.url",
                        "not one of "
                                + platforms.stream().map(PlatformPlugin::id).toList() + " (got " + params.get("url")
                                + ", mode "
                                + config.get("mode") + ")"));
            }

            public void run(NodeRun run) {}
        });
        assertEquals(List.of("mode is required"), checking.configProblems(Json.read("{}")));
        assertEquals(
                List.of(new ParamProblem("params.url", "not one of [shop] (got x, mode fast)")),
                checking.paramProblems(
                        WORKFLOW, Json.read("{\"mode\": \"fast\"}"), (ObjectNode) Json.read("{\"url\": \"x\"}")));
    }
}
