package io.productscanner.runtime.workflow.nodes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.product.ProductResult;
import io.productscanner.runtime.results.LiveResults;
import io.productscanner.runtime.results.ResultsDirectory;
import io.productscanner.runtime.results.ResultsFile;
import io.productscanner.runtime.workflow.NodeContext;
import io.productscanner.runtime.workflow.NodeResult;
import io.productscanner.runtime.workflow.NodeType;
import io.productscanner.runtime.workflow.WorkflowException;
import io.productscanner.runtime.workflow.WorkflowRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code save_result}: stores the per-product results with the job (readable through the results API), writes
 * them to the job's results file (see {@link ResultsFile}), which outlives the job in Redis, and sets the job's
 * summary: total, success, failed, not_found, match, mismatch.
 */
public final class SaveResultNode implements NodeType {
    private static final System.Logger LOG = System.getLogger(SaveResultNode.class.getName());
    private static final int BATCH = 500;

    private final ResultsDirectory resultsDirectory;

    public SaveResultNode(ResultsDirectory resultsDirectory) {
        this.resultsDirectory = resultsDirectory;
    }

    @Override
    public String name() {
        return "save_result";
    }

    @Override
    public NodeResult run(NodeContext context) throws IOException {
        List<ProductResult> results =
                context.data().require(ProductData.RESULTS, context.node().id()).items();
        List<String> items = results.stream().map(Json::write).toList();
        ObjectNode summary = summarize(results);
        if (context.lease() == null) {
            context.store().replaceResults(context.job().jobId(), items, BATCH);
            context.store().recordResultsFile(context.job().jobId(), writeResultsFile(context.job(), results, summary));
        } else {
            // a worker whose lease was lost must not overwrite what the job's new worker stores; checked again
            // after the file is written, as the lease may run out meanwhile
            if (!context.store().replaceResults(context.lease(), items, BATCH)) {
                throw leaseLost(context);
            }
            Path file = writeResultsFile(context.job(), results, summary);
            if (!context.store().recordResultsFile(context.lease(), file)) {
                throw leaseLost(context);
            }
        }
        context.data().put(WorkflowRunner.SUMMARY, summary);
        return NodeResult.continueAll();
    }

    private static WorkflowException leaseLost(NodeContext context) {
        LogEvent.warn(
                LOG,
                "results.lease_lost",
                "job_id",
                context.job().jobId(),
                "platform",
                context.job().platform(),
                "fence",
                context.lease().fence());
        return new WorkflowException(
                "the lease on platform " + context.job().platform() + " was lost: results not stored");
    }

    /** Writes the results file whole, so a resumed job replaces what an earlier attempt wrote. */
    private Path writeResultsFile(JobRecord job, List<ProductResult> results, ObjectNode summary) throws IOException {
        Instant started = job.startedAt() == null ? Instant.now() : Instant.parse(job.startedAt());
        Path target = resultsDirectory.fileFor(job.platform(), job.jobId(), started);
        try (ResultsFile file = ResultsFile.open(target, job)) {
            for (ProductResult result : results) {
                file.append(Json.MAPPER.valueToTree(result));
            }
            file.finish(summary);
        }
        // the final file replaces the one written live during the scan
        Files.deleteIfExists(LiveResults.partialOf(target));
        // an earlier attempt that started on another day left its file in that day's folder
        List<Path> replaced = resultsDirectory.removeOthers(job.jobId(), target);
        LogEvent.info(
                LOG,
                "results.file_written",
                "job_id",
                job.jobId(),
                "platform",
                job.platform(),
                "results",
                results.size(),
                "path",
                target,
                "replaced",
                replaced.isEmpty() ? null : replaced);
        return target;
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
