package io.productscanner.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A kind of workflow node ({@code scan_product}, ...): checks its config and params, then does its work. */
public interface NodeType {
    /** The name workflow files use in {@code type}. */
    String name();

    /** The job data this node type puts, so a checkpoint can read it back. */
    default List<JobData.Key<?>> producedData() {
        return List.of();
    }

    /** Problems in a node's config that make the workflow file unusable (checked when workflows load). */
    default List<String> configProblems(JsonNode config) {
        return List.of();
    }

    /** Problems in a job's params for a node of this type (checked at submit, so nothing bad is queued). */
    default List<ParamProblem> paramProblems(WorkflowDefinition workflow, JsonNode resolvedConfig, ObjectNode params) {
        return List.of();
    }

    /**
     * Runs the node. Data for later nodes goes into {@link NodeContext#data()}. Long-running nodes check
     * {@link NodeContext#control()} between units of work and report {@link NodeContext#progress()}.
     *
     * @return which next nodes run: all of them unless the node branches
     */
    NodeResult run(NodeContext context) throws Exception;
}
