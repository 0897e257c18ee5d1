package io.productscanner.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The params a workflow takes, as a form to submit it needs them: every param its nodes' placeholders read (by
 * its top-level name: {@code ${catalog.table}} reads {@code catalog}), then every other param it has a default
 * for, then every other param it describes. A param is required when a placeholder reads it and the workflow has
 * no default for it: a submit without it is refused.
 */
public final class WorkflowParams {
    /** One param: {@code defaultValue} null when the workflow has none; {@code description} null when undescribed. */
    public record Param(String name, boolean required, JsonNode defaultValue, String description) {}

    private WorkflowParams() {}

    public static List<Param> of(WorkflowDefinition workflow) {
        Map<String, Boolean> names = new LinkedHashMap<>();
        for (String nodeId : workflow.order()) {
            for (String path : Placeholders.names(workflow.nodes().get(nodeId).config())) {
                String name = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
                names.put(name, !workflow.defaults().has(name));
            }
        }
        workflow.defaults().fieldNames().forEachRemaining(name -> names.putIfAbsent(name, false));
        workflow.paramDescriptions().keySet().forEach(name -> names.putIfAbsent(name, false));
        List<Param> params = new ArrayList<>();
        names.forEach((name, required) -> params.add(new Param(
                name,
                required,
                workflow.defaults().get(name),
                workflow.paramDescriptions().get(name))));
        return params;
    }
}
