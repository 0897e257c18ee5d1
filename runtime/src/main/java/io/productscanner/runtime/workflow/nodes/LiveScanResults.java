package io.productscanner.runtime.workflow.nodes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.product.ProductComparison;
import io.productscanner.runtime.product.ScanRecord;
import io.productscanner.runtime.results.LiveResults;
import io.productscanner.runtime.results.ResultsDirectory;
import java.io.IOException;
import java.time.Instant;

/**
 * A scanning job's live results file ({@link LiveResults}): each product's result, as compare_product will see
 * it, written as its scan ends. When the file cannot be written the scan goes on without it (logged): following
 * a scan is a courtesy.
 */
final class LiveScanResults implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LiveScanResults.class.getName());

    private final LiveResults file;
    private final ProductComparison comparison;
    private final JobRecord job;

    private LiveScanResults(LiveResults file, ProductComparison comparison, JobRecord job) {
        this.file = file;
        this.comparison = comparison;
        this.job = job;
    }

    /** The live file of {@code job}, filed under the day it started. */
    static LiveScanResults open(
            ResultsDirectory resultsDirectory, ProductComparison comparison, JobRecord job, Instant startedAt) {
        LiveResults file = null;
        try {
            file = LiveResults.open(resultsDirectory.fileFor(job.platform(), job.jobId(), startedAt));
        } catch (IOException | RuntimeException e) {
            LogEvent.warn(
                    LOG,
                    "results.live_unavailable",
                    "job_id",
                    job.jobId(),
                    "platform",
                    job.platform(),
                    "error",
                    e.toString());
        }
        return new LiveScanResults(file, comparison, job);
    }

    /** Writes the result of the product at {@code index}. */
    void append(int index, ScanRecord scan) {
        if (file == null) {
            return;
        }
        ObjectNode line = Json.MAPPER.valueToTree(comparison.compareValidated(scan));
        line.put("index", index);
        try {
            file.append(line);
        } catch (IOException e) {
            LogEvent.warn(LOG, "results.live_write_failed", "job_id", job.jobId(), "error", e.toString());
        }
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                LogEvent.warn(LOG, "results.live_write_failed", "job_id", job.jobId(), "error", e.toString());
            }
        }
    }
}
