package io.productscanner.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** One node of a workflow file: its type, its config (may hold {@code ${param}} placeholders) and successors. */
public record NodeDefinition(String id, String type, String name, JsonNode config, List<String> nextNodes) {
    public NodeDefinition {
        nextNodes = List.copyOf(nextNodes);
    }
}
