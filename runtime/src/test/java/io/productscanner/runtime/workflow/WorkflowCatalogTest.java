package io.productscanner.runtime.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowCatalogTest {
    /** Node types with no behaviour: the catalog only checks names and config. */
    private static NodeType type(String name) {
        return new NodeType() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<String> configProblems(JsonNode config) {
                return config.has("bad") ? List.of("bad must not be set") : List.of();
            }

            @Override
            public NodeResult run(NodeContext context) {
                return NodeResult.continueAll();
            }
        };
    }

    private static final NodeTypes TYPES = new NodeTypes(List.of(type("a"), type("b")));

    private static String workflow(String id, String nodes) {
        return """
                {"workflow_id": "%s", "platform": "musinsa", "start_node": "one", "defaults": {"x": 1},
                 "nodes": %s}""".formatted(id, nodes);
    }

    private static WorkflowCatalog catalogOf(Path dir, String... files) throws IOException {
        for (int i = 0; i < files.length; i++) {
            Files.writeString(dir.resolve("wf" + i + ".json"), files[i]);
        }
        return WorkflowCatalog.load(dir, TYPES);
    }

    @Test
    void aValidWorkflowIsServedWithItsNodesInDependencyOrder(@TempDir Path dir) throws IOException {
        WorkflowCatalog catalog = catalogOf(dir, workflow("good", """
                {"one": {"type": "a", "next_nodes": ["three", "two"]},
                 "two": {"type": "b", "next_nodes": ["four"]},
                 "three": {"type": "b", "next_nodes": ["four"]},
                 "four": {"type": "a"}}"""));
        WorkflowDefinition wf = catalog.find("good").orElseThrow();
        assertEquals("musinsa", wf.platform().orElseThrow());
        assertEquals("one", wf.order().getFirst());
        assertEquals("four", wf.order().getLast(), "a node runs only after all its predecessors");
        assertEquals(List.of(), catalog.problems());
    }

    @Test
    void brokenFilesAreReportedWithTheirPathAndProblemAndNotServed(@TempDir Path dir) throws IOException {
        WorkflowCatalog catalog = catalogOf(
                dir,
                "{not json",
                workflow("unknown-type", "{\"one\": {\"type\": \"zzz\"}}"),
                workflow("missing-next", "{\"one\": {\"type\": \"a\", \"next_nodes\": [\"ghost\"]}}"),
                workflow(
                        "cycle",
                        "{\"one\": {\"type\": \"a\", \"next_nodes\": [\"two\"]}, "
                                + "\"two\": {\"type\": \"b\", \"next_nodes\": [\"one\"]}}"),
                workflow("unreachable", "{\"one\": {\"type\": \"a\"}, \"island\": {\"type\": \"b\"}}"),
                workflow("bad-config", "{\"one\": {\"type\": \"a\", \"config\": {\"bad\": true}}}"),
                "{\"workflow_id\": \"no-start\", \"nodes\": {\"one\": {\"type\": \"a\"}}}",
                workflow("fine", "{\"one\": {\"type\": \"a\"}}"));

        assertEquals(
                List.of("fine"),
                catalog.all().stream().map(WorkflowDefinition::workflowId).toList());
        List<String> problems = catalog.problems();
        assertEquals(7, problems.size(), String.join("\n", problems));
        assertProblem(problems, "wf0.json", "not valid JSON");
        assertProblem(problems, "wf1.json", "unknown type 'zzz' (known: a, b)");
        assertProblem(problems, "wf2.json", "names next node 'ghost', which does not exist");
        assertProblem(problems, "wf3.json", "cycle");
        assertProblem(problems, "wf4.json", "[island] cannot be reached");
        assertProblem(problems, "wf5.json", "bad must not be set");
        assertProblem(problems, "wf6.json", "'start_node' is required");
    }

    @Test
    void paramDescriptionsMustBeTextByName(@TempDir Path dir) throws IOException {
        WorkflowCatalog catalog = catalogOf(
                dir,
                workflow("described", "{\"one\": {\"type\": \"a\"}}")
                        .replace("\"defaults\"", "\"param_descriptions\": {\"x\": \"the x\"}, \"defaults\""),
                workflow("not-text", "{\"one\": {\"type\": \"a\"}}")
                        .replace("\"defaults\"", "\"param_descriptions\": {\"x\": 1}, \"defaults\""),
                workflow("not-an-object", "{\"one\": {\"type\": \"a\"}}")
                        .replace("\"defaults\"", "\"param_descriptions\": [\"x\"], \"defaults\""));
        assertEquals(
                Map.of("x", "the x"), catalog.find("described").orElseThrow().paramDescriptions());
        assertProblem(catalog.problems(), "wf1.json", "param_descriptions.x must be a string");
        assertProblem(catalog.problems(), "wf2.json", "param_descriptions must be an object");
    }

    @Test
    void aDuplicateWorkflowIdIsRefused(@TempDir Path dir) throws IOException {
        WorkflowCatalog catalog = catalogOf(
                dir,
                workflow("twice", "{\"one\": {\"type\": \"a\"}}"),
                workflow("twice", "{\"one\": {\"type\": \"b\"}}"));
        assertEquals(1, catalog.all().size());
        assertProblem(catalog.problems(), "wf1.json", "workflow_id 'twice' is also defined in");
    }

    @Test
    void theShippedWorkflowsAreValid() {
        Path shipped = Path.of(System.getProperty("workflows.dir", "../workflows"));
        WorkflowCatalog catalog = WorkflowCatalog.load(
                shipped,
                new NodeTypes(List.of(
                        type("fetch_product"),
                        type("scan_product"),
                        type("validate_product"),
                        type("compare_product"),
                        type("save_result"),
                        type("update_product_set"),
                        type("notify_result"),
                        // the extract plugin's
                        type("resolve_url"),
                        type("group_by_platform"),
                        type("platform_summary"))));
        assertEquals(List.of(), catalog.problems());
        for (String extract : List.of("extract-url-v2", "extract-product-set-v2", "extract-product-v2")) {
            assertEquals(
                    "extract", catalog.find(extract).orElseThrow().platform().orElseThrow());
        }
        for (String platform : List.of("hwahae", "oliveyoung", "zigzag", "musinsa", "ably", "kurly")) {
            for (String kind : List.of("validation", "update")) {
                WorkflowDefinition workflow =
                        catalog.find(platform + "-" + kind + "-v2").orElseThrow();
                assertEquals(platform, workflow.platform().orElseThrow());
                assertEquals(
                        kind.equals("update"),
                        workflow.nodes().values().stream()
                                .anyMatch(n -> n.type().equals("update_product_set")),
                        workflow.workflowId());
            }
        }
        // a submit form shows what each param means
        for (WorkflowDefinition workflow : catalog.all()) {
            for (WorkflowParams.Param param : WorkflowParams.of(workflow)) {
                assertTrue(param.description() != null, workflow.workflowId() + " does not describe " + param.name());
            }
        }
    }

    @Test
    void aWorkerReadsOnlyTheWorkflowsOfItsQueuesAndThoseOfNoPlatformLeavingTheOthersUnchecked(@TempDir Path dir)
            throws IOException {
        Files.writeString(dir.resolve("mine.json"), workflow("mine", "{\"one\": {\"type\": \"a\"}}"));
        // another platform's, with a node type only its plugin adds: not this worker's to check
        Files.writeString(
                dir.resolve("theirs.json"),
                workflow("theirs", "{\"one\": {\"type\": \"their_step\"}}").replace("\"musinsa\"", "\"zigzag\""));
        Files.writeString(
                dir.resolve("anywhere.json"),
                "{\"workflow_id\": \"anywhere\", \"start_node\": \"one\", \"nodes\": {\"one\": {\"type\": \"b\"}}}");
        Files.writeString(dir.resolve("broken.json"), workflow("broken", "{\"one\": {\"type\": \"zzz\"}}"));

        WorkflowCatalog catalog = WorkflowCatalog.load(dir, TYPES, List.of("musinsa", "default"));

        assertEquals(
                List.of("anywhere", "mine"),
                catalog.all().stream().map(WorkflowDefinition::workflowId).toList());
        assertEquals(1, catalog.problems().size(), String.join("\n", catalog.problems()));
        assertProblem(catalog.problems(), "broken.json", "unknown type 'zzz'");
        assertEquals(
                Set.of("a", "b", "zzz"),
                WorkflowCatalog.nodeTypesUsed(dir, List.of("musinsa")),
                "the node types of the workflows it may run, broken or not");
        assertEquals(Set.of("b", "their_step"), WorkflowCatalog.nodeTypesUsed(dir, List.of("zigzag")));
        assertEquals(
                List.of("anywhere", "mine"),
                WorkflowCatalog.load(dir, TYPES).all().stream()
                        .map(WorkflowDefinition::workflowId)
                        .toList(),
                "read whole, the catalog refuses the other platform's workflow");
    }

    @Test
    void placeholdersKeepTheParamsTypeWhenTheyAreTheWholeString() {
        var params = (ObjectNode) Json.read("{\"batch\": 50, \"name\": \"kim\", \"flags\": {\"dry\": true}}");
        JsonNode resolved = Placeholders.resolve(
                Json.read(
                        "{\"size\": \"${batch}\", \"label\": \"for ${name}\", \"dry\": \"${flags.dry}\", \"list\": [\"${name}\"]}"),
                params);
        assertEquals(50, resolved.get("size").intValue());
        assertTrue(resolved.get("size").isNumber());
        assertEquals("for kim", resolved.get("label").textValue());
        assertTrue(resolved.get("dry").booleanValue());
        assertEquals("kim", resolved.get("list").get(0).textValue());
        WorkflowException missing = Assertions.assertThrows(
                WorkflowException.class, () -> Placeholders.resolve(Json.read("{\"x\": \"${nope}\"}"), params));
        assertTrue(missing.getMessage().contains("params.nope is required"), missing.getMessage());
    }

    private static void assertProblem(List<String> problems, String file, String text) {
        assertTrue(
                problems.stream().anyMatch(p -> p.contains(file) && p.contains(text)),
                "expected a problem for " + file + " containing '" + text + "' in:\n" + String.join("\n", problems));
    }
}
