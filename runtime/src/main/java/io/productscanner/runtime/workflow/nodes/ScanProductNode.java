package io.productscanner.runtime.workflow.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.metrics.ScannerMetrics;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.product.ProductCheck;
import io.productscanner.runtime.product.ProductComparison;
import io.productscanner.runtime.product.ScanRecord;
import io.productscanner.runtime.results.ResultsDirectory;
import io.productscanner.runtime.results.ScanEvidenceStore;
import io.productscanner.runtime.workflow.JobData;
import io.productscanner.runtime.workflow.NodeContext;
import io.productscanner.runtime.workflow.NodeResult;
import io.productscanner.runtime.workflow.NodeType;
import io.productscanner.runtime.workflow.ParamProblem;
import io.productscanner.runtime.workflow.WorkflowDefinition;
import io.productscanner.runtime.workflow.WorkflowException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * {@code scan_product}: scans every product with the plugin whose URL matcher accepts it (on a mixed plugin's
 * queue, through that plugin's scanner, which reaches the platform through the SPI), batch by batch
 * ({@link ProductScanBatch}), following the results live ({@link LiveScanResults}).
 * Config: {@code concurrency} (default 1, capped by the plugin's maximum), {@code wait_ms} between the starts
 * of two scans (default 0), {@code timeout_ms} per product (default 60000), {@code batch_size} (default 50):
 * after each batch the scanned products are surely in the job's checkpoint, so a crash repeats at most one.
 */
public final class ScanProductNode implements NodeType {
    private static final System.Logger LOG = System.getLogger(ScanProductNode.class.getName());

    private final ResultsDirectory resultsDirectory;
    private final ProductComparison comparison;
    private final SingleProductScan scanner;

    /**
     * @param evidence   where parse failures keep what the site sent
     * @param comparison for the live results: each product as compare_product will see it
     * @param metrics    counts and times every scan
     */
    public ScanProductNode(
            ResultsDirectory resultsDirectory,
            ScanEvidenceStore evidence,
            ProductComparison comparison,
            ScannerMetrics metrics) {
        this.resultsDirectory = resultsDirectory;
        this.comparison = comparison;
        this.scanner = new SingleProductScan(evidence, metrics);
    }

    @Override
    public String name() {
        return "scan_product";
    }

    @Override
    public List<JobData.Key<?>> producedData() {
        return List.of(ProductData.SCANS);
    }

    @Override
    public List<String> configProblems(JsonNode config) {
        List<String> problems = new ArrayList<>();
        checkNumber(config, "concurrency", 1, 64, problems);
        checkNumber(config, "wait_ms", 0, 600_000, problems);
        checkNumber(config, "timeout_ms", 1, 3_600_000, problems);
        checkNumber(config, "batch_size", 1, 10_000, problems);
        return problems;
    }

    @Override
    public List<ParamProblem> paramProblems(WorkflowDefinition workflow, JsonNode resolvedConfig, ObjectNode params) {
        // the config after ${param} placeholders were filled: a param of the wrong type shows up here
        return configProblems(resolvedConfig).stream()
                .map(problem -> new ParamProblem("params", "node scan_product: " + problem))
                .toList();
    }

    private static void checkNumber(JsonNode config, String field, long min, long max, List<String> problems) {
        JsonNode value = config.path(field);
        if (value.isMissingNode() || (value.isTextual() && value.asText().startsWith("${"))) {
            return;
        }
        if (!Json.isIntegerIn(value, min, max)) {
            problems.add(field + " must be an integer from " + min + " to " + max);
        }
    }

    @Override
    public NodeResult run(NodeContext context) throws InterruptedException {
        String nodeId = context.node().id();
        List<ProductCheck> checks =
                context.data().require(ProductData.PRODUCTS, nodeId).items();
        Options options = Options.of(context.config());
        int concurrency = Math.max(
                1,
                Math.min(
                        options.concurrency(),
                        maxConcurrency(context.plugins(), context.job().platform(), checks)));
        Instant startedAt = startedAt(context.job());

        // products an earlier attempt of this job already scanned are not scanned again
        ScanRecord[] scans = restored(context.checkpoint().itemsDone(nodeId), checks.size());
        AtomicInteger done = new AtomicInteger(
                (int) Arrays.stream(scans).filter(Objects::nonNull).count());
        List<Integer> toScan = IntStream.range(0, scans.length)
                .filter(i -> scans[i] == null)
                .boxed()
                .toList();
        try (LiveScanResults live = LiveScanResults.open(resultsDirectory, comparison, context.job(), startedAt)) {
            for (int i = 0; i < scans.length; i++) {
                if (scans[i] != null) {
                    live.append(i, scans[i]);
                }
            }
            for (int from = 0;
                    from < toScan.size() && !context.control().stopRequested();
                    from += options.batchSize()) {
                new ProductScanBatch(
                                toScan.subList(from, Math.min(toScan.size(), from + options.batchSize())),
                                concurrency,
                                options.waitMillis(),
                                from > 0)
                        .run(context.control()::stopRequested, index -> {
                            ScanRecord scan =
                                    scanner.scan(context, index, checks.get(index), options.timeoutMillis(), startedAt);
                            scans[index] = scan;
                            live.append(index, scan);
                            context.progress().accept((double) done.incrementAndGet() / checks.size());
                            // failures are not kept: a resumed job tries those products again
                            return scan.snapshot() == null
                                    ? null
                                    : context.checkpoint().itemDone(nodeId, index, scan.toJson());
                        });
                LogEvent.info(
                        LOG,
                        "scan.batch",
                        "job_id",
                        context.job().jobId(),
                        "platform",
                        context.job().platform(),
                        "node",
                        nodeId,
                        "scanned",
                        done.get(),
                        "total",
                        checks.size());
            }
        }
        if (context.control().stopRequested()) {
            throw new WorkflowException("stopped after " + done.get() + " of " + checks.size() + " products: "
                    + context.control().stopReason());
        }
        context.data().put(ProductData.SCANS, new ProductData.Scans(Arrays.asList(scans)));
        return NodeResult.continueAll();
    }

    /** The node's config, with its defaults. */
    private record Options(int concurrency, long waitMillis, long timeoutMillis, int batchSize) {
        static Options of(JsonNode config) {
            return new Options(
                    config.path("concurrency").asInt(1),
                    config.path("wait_ms").asLong(0),
                    config.path("timeout_ms").asLong(60_000),
                    config.path("batch_size").asInt(50));
        }
    }

    /** The scans a checkpoint holds, at their products' places; null where a product is still to be scanned. */
    private static ScanRecord[] restored(Map<Integer, JsonNode> itemsDone, int products) {
        ScanRecord[] scans = new ScanRecord[products];
        itemsDone.forEach((index, json) -> {
            if (index < products) {
                scans[index] = ScanRecord.fromJson(json);
            }
        });
        return scans;
    }

    private static int maxConcurrency(PluginRegistry plugins, String queue, List<ProductCheck> checks) {
        return plugins.maxConcurrency(
                queue,
                checks.stream()
                        .map(c -> SingleProductScan.pluginFor(plugins, c.url()))
                        .filter(Objects::nonNull)
                        .distinct()
                        .toList());
    }

    /** When the job started: its results and their evidence are filed under that day. */
    private static Instant startedAt(JobRecord job) {
        return job.startedAt() == null ? Instant.now() : Instant.parse(job.startedAt());
    }
}
