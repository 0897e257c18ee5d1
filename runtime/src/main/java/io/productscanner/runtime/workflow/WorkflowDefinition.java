package io.productscanner.runtime.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated workflow file: a DAG of nodes starting at {@code startNode}, the platform (queue) it runs on,
 * parameter defaults, and what its params mean ({@code paramDescriptions}, by name, from the file's optional
 * {@code param_descriptions}). {@code order} is a topological order of the nodes, computed once when loaded.
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
        Path source,
        Map<String, String> paramDescriptions) {

    public WorkflowDefinition {
        nodes = Map.copyOf(nodes);
        order = List.copyOf(order);
        paramDescriptions = Collections.unmodifiableMap(new LinkedHashMap<>(paramDescriptions));
    }

    /** A workflow whose params are not described. */
    public WorkflowDefinition(
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
        this(workflowId, name, version, platform, description, defaults, startNode, nodes, order, source, Map.of());
    }

    /** The job's params: the workflow's defaults overlaid with what the caller passed. */
    public ObjectNode effectiveParams(ObjectNode given) {
        ObjectNode merged = defaults.deepCopy();
        merged.setAll(given);
        return merged;
    }
}
