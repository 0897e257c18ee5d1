package io.productscanner.runtime.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated workflow file: a DAG of nodes starting at {@code startNode}, the platform (queue) it runs on,
 * and parameter defaults. {@code order} is a topological order of the nodes, computed once when loaded.
 */
public record WorkflowDefinition(
        String workflowId,
        String name,
        String version,
        Optional<String> platform,
        String description,
        ObjectNode defaults,
        String startNode,
        Map<String, NodeDefinition> nodes,
        List<String> order,
        Path source) {

    public WorkflowDefinition {
        nodes = Map.copyOf(nodes);
        order = List.copyOf(order);
    }

    /** The job's params: the workflow's defaults overlaid with what the caller passed. */
    public ObjectNode effectiveParams(ObjectNode given) {
        ObjectNode merged = defaults.deepCopy();
        merged.setAll(given);
        return merged;
    }
}
