package io.productscanner.runtime.workflow.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.catalog.ChangeDetector;
import io.productscanner.runtime.catalog.ProductSetChange;
import io.productscanner.runtime.catalog.ProductSetUpdate;
import io.productscanner.runtime.catalog.ProductSetUpdater;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.product.ProductResult;
import io.productscanner.runtime.product.SaleStatusVocabulary;
import io.productscanner.runtime.workflow.JobData;
import io.productscanner.runtime.workflow.NodeContext;
import io.productscanner.runtime.workflow.NodeResult;
import io.productscanner.runtime.workflow.NodeType;
import io.productscanner.runtime.workflow.ParamProblem;
import io.productscanner.runtime.workflow.WorkflowDefinition;
import io.productscanner.runtime.workflow.WorkflowRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code update_product_set}: writes back to the Postgres catalog what the scan found different, for products
 * scanned successfully whose data passed validation (see {@link ChangeDetector} for the rules). One transaction
 * per batch, one history row per changed field. With {@code dry_run} it reports what would change and writes
 * nothing; {@code update: false} means the same, for workflows whose callers opt in to writing. The job's summary gains {@code updated} (or {@code would_update}) and {@code update_skipped}.
 */
public final class UpdateProductSetNode implements NodeType {
    /** What the node wrote (or would write). */
    public static final JobData.Key<JsonNode> UPDATE =
            new JobData.Key<>("update", JsonNode.class, json -> json, json -> json);

    private final Optional<ProductSetUpdater> updater;
    private final SaleStatusVocabulary vocabulary;

    /** @param vocabulary the catalog's words: a sale status is written as the catalog says it */
    public UpdateProductSetNode(Optional<ProductSetUpdater> updater, SaleStatusVocabulary vocabulary) {
        this.updater = updater;
        this.vocabulary = vocabulary;
    }

    @Override
    public String name() {
        return "update_product_set";
    }

    @Override
    public List<JobData.Key<?>> producedData() {
        return List.of(UPDATE);
    }

    @Override
    public List<String> configProblems(JsonNode config) {
        List<String> problems = new ArrayList<>();
        for (String flag : List.of("dry_run", "update")) {
            JsonNode value = config.path(flag);
            boolean ok = value.isMissingNode()
                    || value.isBoolean()
                    || (value.isTextual() && value.asText().startsWith("${"));
            if (!ok) {
                problems.add(flag + " must be true or false");
            }
        }
        return problems;
    }

    @Override
    public List<ParamProblem> paramProblems(WorkflowDefinition workflow, JsonNode config, ObjectNode params) {
        List<ParamProblem> problems = new ArrayList<>();
        if (updater.isEmpty()) {
            problems.add(new ParamProblem(
                    "params",
                    "workflow " + workflow.workflowId() + " updates the catalog, "
                            + "but no catalog database is configured (set CATALOG_JDBC_URL)"));
        }
        for (String flag : List.of("dry_run", "update")) {
            JsonNode value = config.path(flag);
            if (!value.isMissingNode() && !value.isBoolean()) {
                problems.add(new ParamProblem("params." + flag, "must be true or false"));
            }
        }
        return problems;
    }

    @Override
    public NodeResult run(NodeContext context) {
        boolean dryRun = context.config().path("dry_run").asBoolean(false)
                || !context.config().path("update").asBoolean(true);
        List<ProductResult> results =
                context.data().require(ProductData.RESULTS, context.node().id()).items();
        List<ProductSetChange> changes = new ArrayList<>();
        for (ProductResult result : results) {
            // data that failed validation (a sale price above the original, say) is not written anywhere
            if (result.validation() == null || result.validation().valid()) {
                changes.addAll(ChangeDetector.changes(result, vocabulary));
            }
        }
        ProductSetUpdate update =
                updater.orElseThrow().apply(changes, context.job().jobId(), dryRun);
        context.data().put(UPDATE, update.toJson());
        ObjectNode summary = context.data()
                .find(WorkflowRunner.SUMMARY)
                .map(s -> (ObjectNode) s.deepCopy())
                .orElseGet(Json.MAPPER::createObjectNode);
        summary.put(dryRun ? "would_update" : "updated", update.applied().size());
        summary.put("update_skipped", update.skipped().size());
        context.data().put(WorkflowRunner.SUMMARY, summary);
        context.progress().accept(1);
        return NodeResult.continueAll();
    }
}
