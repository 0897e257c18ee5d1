package io.productscanner.runtime.workflow.nodes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.workflow.NodeContext;
import io.productscanner.runtime.workflow.NodeResult;
import io.productscanner.runtime.workflow.NodeType;
import io.productscanner.runtime.workflow.WorkflowRunner;

import java.util.List;

/**
 * {@code save_result}: stores the per-product results with the job (readable through the results API) and
 * sets the job's summary: total, success, failed, not_found, match, mismatch.
 */
public final class SaveResultNode implements NodeType {
    private static final int BATCH = 500;

    @Override
    public String name() {
        return "save_result";
    }

    @Override
    public NodeResult run(NodeContext context) {
        List<ProductResult> results = context.data().require(CompareProductNode.RESULTS, context.node().id()).items();
        context.store().replaceResults(context.job().jobId(), results.stream().map(Json::write).toList(), BATCH);
        context.data().put(WorkflowRunner.SUMMARY, summarize(results));
        return NodeResult.continueAll();
    }

    static ObjectNode summarize(List<ProductResult> results) {
        int success = 0;
        int failed = 0;
        int notFound = 0;
        int match = 0;
        int mismatch = 0;
        for (ProductResult result : results) {
            switch (result.status()) {
                case "success" -> success++;
                case "not_found" -> notFound++;
                default -> failed++;
            }
            if (Boolean.TRUE.equals(result.match())) {
                match++;
            } else if (Boolean.FALSE.equals(result.match())) {
                mismatch++;
            }
        }
        ObjectNode summary = Json.MAPPER.createObjectNode();
        summary.put("total", results.size());
        summary.put("success", success);
        summary.put("failed", failed);
        summary.put("not_found", notFound);
        summary.put("match", match);
        summary.put("mismatch", mismatch);
        return summary;
    }
}
