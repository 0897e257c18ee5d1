package io.productscanner.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One node of a workflow file: its type, its config (may hold {@code ${param}} placeholders), its successors,
 * how often it is tried, and how long one attempt may take ({@code timeoutMillis} 0 = no limit).
 */
public record NodeDefinition(
        String id,
        String type,
        String name,
        JsonNode config,
        List<String> nextNodes,
        RetryPolicy retry,
        long timeoutMillis) {
    public NodeDefinition {
        nextNodes = List.copyOf(nextNodes);
    }
}
