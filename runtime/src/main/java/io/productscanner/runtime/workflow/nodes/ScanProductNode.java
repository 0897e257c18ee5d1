package io.productscanner.runtime.workflow.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.catalog.SaleStatusVocabulary;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.metrics.ScannerMetrics;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.results.EvidenceFile;
import io.productscanner.runtime.results.LiveResults;
import io.productscanner.runtime.results.ResultsDirectory;
import io.productscanner.runtime.results.ScanEvidenceStore;
import io.productscanner.runtime.workflow.JobData;
import io.productscanner.runtime.workflow.NodeContext;
import io.productscanner.runtime.workflow.NodeResult;
import io.productscanner.runtime.workflow.NodeType;
import io.productscanner.runtime.workflow.ParamProblem;
import io.productscanner.runtime.workflow.WorkflowDefinition;
import io.productscanner.runtime.workflow.WorkflowException;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.ScanException;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code scan_product}: scans every product with the plugin whose URL matcher accepts it (on a mixed plugin's
 * queue, through that plugin's scanner, which reaches the platform through the SPI).
 * Config: {@code concurrency} (default 1, capped by the plugin's maximum), {@code wait_ms} between the starts
 * of two scans (default 0), {@code timeout_ms} per product (default 60000), {@code batch_size} (default 50):
 * after each batch the scanned products are surely in the job's checkpoint, so a crash repeats at most one.
 */
public final class ScanProductNode implements NodeType {
    /** The scans, in product order. */
    public static final JobData.Key<Scans> SCANS = new JobData.Key<>("scans", Scans.class,
            scans -> Json.MAPPER.valueToTree(scans.items().stream().map(ScanRecord::toJson).toList()),
            json -> new Scans(java.util.stream.StreamSupport.stream(json.spliterator(), false)
                    .map(ScanRecord::fromJson).toList()));

    private static final System.Logger LOG = System.getLogger(ScanProductNode.class.getName());

    private final ResultsDirectory resultsDirectory;
    private final ScanEvidenceStore evidence;
    private final SaleStatusVocabulary vocabulary;

    /**
     * @param evidence   where parse failures keep what the site sent
     * @param vocabulary the catalog's words, for the live results' comparison
     */
    public ScanProductNode(ResultsDirectory resultsDirectory, ScanEvidenceStore evidence,
                           SaleStatusVocabulary vocabulary) {
        this.resultsDirectory = resultsDirectory;
        this.evidence = evidence;
        this.vocabulary = vocabulary;
    }

    /** The scans of a job, as one typed value. */
    public record Scans(List<ScanRecord> items) {
        public Scans {
            items = List.copyOf(items);
        }
    }

    @Override
    public String name() {
        return "scan_product";
    }

    @Override
    public List<JobData.Key<?>> producedData() {
        return List.of(SCANS);
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
        return configProblems(resolvedConfig).stream().map(problem -> new ParamProblem("params", "node scan_product: "
                + problem)).toList();
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
        List<ProductCheck> checks = context.data().require(FetchProductNode.PRODUCTS, context.node().id()).items();
        JsonNode config = context.config();
        int requested = config.path("concurrency").asInt(1);
        long waitMillis = config.path("wait_ms").asLong(0);
        long timeoutMillis = config.path("timeout_ms").asLong(60_000);
        int batchSize = config.path("batch_size").asInt(50);
        int concurrency = Math.max(1, Math.min(requested, maxConcurrency(context.plugins(), context.job().platform(),
                checks)));

        String nodeId = context.node().id();
        ScanRecord[] scans = new ScanRecord[checks.size()];
        // products an earlier attempt of this job already scanned are not scanned again
        Map<Integer, JsonNode> restored = context.checkpoint().itemsDone(nodeId);
        restored.forEach((index, json) -> {
            if (index < scans.length) {
                scans[index] = ScanRecord.fromJson(json);
            }
        });
        AtomicInteger done = new AtomicInteger((int) Arrays.stream(scans).filter(Objects::nonNull).count());
        List<Integer> toScan = java.util.stream.IntStream.range(0, scans.length).filter(i -> scans[i] == null)
                .boxed().toList();
        Semaphore slots = new Semaphore(concurrency);
        boolean first = true;
        LiveResults live = openLiveResults(context);
        try {
            for (int i = 0; i < scans.length; i++) {
                if (scans[i] != null) {
                    appendLive(live, context, i, scans[i]);
                }
            }
            for (int from = 0; from < toScan.size() && !context.control().stopRequested(); from += batchSize) {
                List<Integer> batch = toScan.subList(from, Math.min(toScan.size(), from + batchSize));
                List<CompletableFuture<Boolean>> saved = new java.util.concurrent.CopyOnWriteArrayList<>();
                try (ExecutorService scanners = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int index : batch) {
                        if (context.control().stopRequested()) {
                            break;
                        }
                        if (!first && waitMillis > 0) {
                            Thread.sleep(waitMillis);
                        }
                        first = false;
                        slots.acquire();
                        scanners.submit(() -> {
                            try {
                                ScanRecord scan = ScannerMetrics.global().timeScan(
                                        () -> scanOne(context, index, checks.get(index), timeoutMillis));
                                scans[index] = scan;
                                if (scan.snapshot() != null) {
                                    // failures are not kept: a resumed job tries those products again
                                    saved.add(context.checkpoint().itemDone(nodeId, index, scan.toJson())
                                            .toCompletableFuture());
                                }
                                appendLive(live, context, index, scan);
                                context.progress().accept((double) done.incrementAndGet() / checks.size());
                            } finally {
                                slots.release();
                            }
                        });
                    }
                }
                awaitCheckpoint(saved);
                LogEvent.info(LOG, "scan.batch", "job_id", context.job().jobId(), "platform", context.job().platform(),
                        "node", nodeId, "scanned", done.get(), "total", checks.size());
            }
        } finally {
            closeLive(live, context);
        }
        if (context.control().stopRequested()) {
            throw new WorkflowException("stopped after " + done.get() + " of " + checks.size() + " products: "
                    + context.control().stopReason());
        }
        context.data().put(SCANS, new Scans(Arrays.asList(scans)));
        return NodeResult.continueAll();
    }

    /** The job's live results file; none (logged) when it cannot be written: following a scan is a courtesy. */
    private LiveResults openLiveResults(NodeContext context) {
        var job = context.job();
        try {
            return LiveResults.open(resultsDirectory.fileFor(job.platform(), job.jobId(), startedAt(context)));
        } catch (IOException | RuntimeException e) {
            LogEvent.warn(LOG, "results.live_unavailable", "job_id", job.jobId(), "platform", job.platform(),
                    "error", e.toString());
            return null;
        }
    }

    /** Writes the product's result, as compare_product will see it, to the live results file. */
    private void appendLive(LiveResults live, NodeContext context, int index, ScanRecord scan) {
        if (live == null) {
            return;
        }
        ObjectNode line = Json.MAPPER.valueToTree(CompareProductNode.compare(scan,
                ValidateProductNode.validate(scan.snapshot()), vocabulary));
        line.put("index", index);
        try {
            live.append(line);
        } catch (IOException e) {
            LogEvent.warn(LOG, "results.live_write_failed", "job_id", context.job().jobId(), "error", e.toString());
        }
    }

    private static void closeLive(LiveResults live, NodeContext context) {
        if (live != null) {
            try {
                live.close();
            } catch (IOException e) {
                LogEvent.warn(LOG, "results.live_write_failed", "job_id", context.job().jobId(), "error", e.toString());
            }
        }
    }

    /** Waits until the batch's products are in the checkpoint, so a crash repeats at most one batch. */
    private static void awaitCheckpoint(List<CompletableFuture<Boolean>> saved) {
        try {
            CompletableFuture.allOf(saved.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the products stay scanned in this run; only a resume after a crash would scan them again
            LogEvent.warn(LOG, "scan.checkpoint_failed", "error", e.getMessage());
        }
    }

    private static int maxConcurrency(PluginRegistry plugins, String queue, List<ProductCheck> checks) {
        return plugins.maxConcurrency(queue, checks.stream().map(c -> pluginFor(plugins, c.url()))
                .filter(java.util.Objects::nonNull).distinct().toList());
    }

    private static PlatformPlugin pluginFor(PluginRegistry plugins, String url) {
        try {
            return plugins.forUrl(new URI(url)).orElse(null);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private ScanRecord scanOne(NodeContext context, int index, ProductCheck check, long timeoutMillis) {
        PlatformPlugin plugin = pluginFor(context.plugins(), check.url());
        if (plugin == null) {
            return failure(check, null, null, FailureKind.INVALID_URL, "no loaded plugin accepts this URL");
        }
        URI uri = URI.create(check.url());
        String productId;
        try {
            productId = plugin.productId(uri);
        } catch (ScanException e) {
            return failure(check, plugin.id(), null, e.kind(), e.getMessage());
        }
        long started = System.nanoTime();
        // a thread of its own per scan, so a scan that ignores its timeout is abandoned, not waited for
        CompletableFuture<ProductSnapshot> result = new CompletableFuture<>();
        Thread scan = Thread.ofVirtual().name("scan-" + plugin.id() + "-" + productId).start(() -> {
            try {
                result.complete(context.plugins().scannerFor(context.job().platform(), plugin).scan(uri));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            ProductSnapshot snapshot = result.get(timeoutMillis, TimeUnit.MILLISECONDS);
            LogEvent.debug(LOG, "scan.finished", "job_id", context.job().jobId(), "platform", plugin.id(), "product_id",
                    productId, "sale_status", snapshot.saleStatus().wireName(), "duration_ms",
                    (System.nanoTime() - started) / 1_000_000);
            return new ScanRecord(check, plugin.id(), productId, snapshot, null, null);
        } catch (TimeoutException e) {
            scan.interrupt();
            return logged(context, failure(check, plugin.id(), productId, FailureKind.TIMEOUT,
                    "no answer within " + timeoutMillis + " ms"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ScanException failed) {
                return logged(context, failure(check, plugin.id(), productId, failed.kind(), failed.getMessage())
                        .withEvidence(keepEvidence(context, index, failed)));
            }
            return logged(context, new ScanRecord(check, plugin.id(), productId, null, "internal",
                    cause.getClass().getSimpleName() + ": " + cause.getMessage()));
        } catch (InterruptedException e) {
            scan.interrupt();
            Thread.currentThread().interrupt();
            return failure(check, plugin.id(), productId, FailureKind.TIMEOUT, "interrupted");
        }
    }

    /** What the site sent for the failure, kept beside the job's results; nothing is kept for other failures. */
    private List<EvidenceFile> keepEvidence(NodeContext context, int index, ScanException failed) {
        var job = context.job();
        return evidence.keep(job.platform(), job.jobId(), startedAt(context), index, failed.evidence());
    }

    /** When the job started: its results and their evidence are filed under that day. */
    private static Instant startedAt(NodeContext context) {
        String started = context.job().startedAt();
        return started == null ? Instant.now() : Instant.parse(started);
    }

    private static ScanRecord logged(NodeContext context, ScanRecord failed) {
        LogEvent.warn(LOG, "scan.failed", "job_id", context.job().jobId(), "platform", failed.platform(), "product_id",
                failed.productId(), "failure", failed.failureKind(), "error", failed.error(), "evidence",
                failed.evidence().size());
        return failed;
    }

    private static ScanRecord failure(ProductCheck check, String platform, String productId, FailureKind kind,
                                      String message) {
        return new ScanRecord(check, platform, productId, null, kind.wireName(), message);
    }
}
