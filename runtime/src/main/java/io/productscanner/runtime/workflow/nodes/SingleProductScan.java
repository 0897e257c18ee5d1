package io.productscanner.runtime.workflow.nodes;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.metrics.ScannerMetrics;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.product.EvidenceFile;
import io.productscanner.runtime.product.ProductCheck;
import io.productscanner.runtime.product.ScanRecord;
import io.productscanner.runtime.results.ScanEvidenceStore;
import io.productscanner.runtime.workflow.NodeContext;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.ScanException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The scan of one product with the plugin whose URL matcher accepts it (on a mixed plugin's queue, through that
 * plugin's scanner), on a thread of its own, so that a scan which ignores its timeout is abandoned, not waited
 * for. Every scan is counted and timed; a failure becomes a {@link ScanRecord} saying why, and a parse failure
 * keeps what the site sent beside the job's results.
 */
final class SingleProductScan {
    private static final System.Logger LOG = System.getLogger(SingleProductScan.class.getName());

    private final ScanEvidenceStore evidence;
    private final ScannerMetrics metrics;

    SingleProductScan(ScanEvidenceStore evidence, ScannerMetrics metrics) {
        this.evidence = evidence;
        this.metrics = metrics;
    }

    /**
     * Scans the product at {@code index} of the job's products.
     *
     * @param startedAt when the job started: the evidence of a failure is filed under that day
     */
    ScanRecord scan(NodeContext context, int index, ProductCheck check, long timeoutMillis, Instant startedAt) {
        Span span = GlobalOpenTelemetry.getTracer("io.productscanner.scan")
                .spanBuilder("scan product")
                .setAttribute("scanner.job_id", context.job().jobId())
                .setAttribute("scanner.platform", context.job().platform())
                .setAttribute("scanner.product_index", index)
                .setAttribute("url.full", check.url())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            ScanRecord record = metrics.timeScan(() -> scanOne(context, index, check, timeoutMillis, startedAt));
            describe(span, record);
            return record;
        } finally {
            span.end();
        }
    }

    /** The scan's outcome on its span: the product, its sale status, or why it failed (an error status). */
    private static void describe(Span span, ScanRecord record) {
        if (record.productId() != null) {
            span.setAttribute("scanner.product_id", record.productId());
        }
        if (record.platform() != null) {
            span.setAttribute("scanner.plugin", record.platform());
        }
        if (record.snapshot() != null) {
            span.setAttribute("scanner.scan.outcome", "scanned");
            span.setAttribute(
                    "scanner.sale_status", record.snapshot().saleStatus().wireName());
        } else {
            span.setAttribute("scanner.scan.outcome", "failed");
            span.setAttribute("scanner.failure_kind", record.failureKind());
            span.setStatus(StatusCode.ERROR, record.error() == null ? record.failureKind() : record.error());
        }
    }

    /** The plugin whose URL matcher accepts {@code url}, or null. */
    static PlatformPlugin pluginFor(PluginRegistry plugins, String url) {
        try {
            return plugins.forUrl(new URI(url)).orElse(null);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private ScanRecord scanOne(
            NodeContext context, int index, ProductCheck check, long timeoutMillis, Instant startedAt) {
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
        CompletableFuture<ProductSnapshot> result = new CompletableFuture<>();
        Thread scan = Thread.ofVirtual()
                .name("scan-" + plugin.id() + "-" + productId)
                // in the scan's trace context: the plugin's HTTP calls and page loads are the scan's children
                .start(Context.current().wrap(() -> {
                    try {
                        result.complete(context.plugins()
                                .scannerFor(context.job().platform(), plugin)
                                .scan(uri));
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    }
                }));
        try {
            ProductSnapshot snapshot = result.get(timeoutMillis, TimeUnit.MILLISECONDS);
            LogEvent.debug(
                    LOG,
                    "scan.finished",
                    "job_id",
                    context.job().jobId(),
                    "platform",
                    plugin.id(),
                    "product_id",
                    productId,
                    "sale_status",
                    snapshot.saleStatus().wireName(),
                    "duration_ms",
                    (System.nanoTime() - started) / 1_000_000);
            return new ScanRecord(check, plugin.id(), productId, snapshot, null, null);
        } catch (TimeoutException e) {
            scan.interrupt();
            return logged(
                    context,
                    failure(
                            check,
                            plugin.id(),
                            productId,
                            FailureKind.TIMEOUT,
                            "no answer within " + timeoutMillis + " ms"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ScanException failed) {
                return logged(
                        context,
                        failure(check, plugin.id(), productId, failed.kind(), failed.getMessage())
                                .withEvidence(keepEvidence(context, index, failed, startedAt)));
            }
            return logged(
                    context,
                    new ScanRecord(
                            check,
                            plugin.id(),
                            productId,
                            null,
                            "internal",
                            cause.getClass().getSimpleName() + ": " + cause.getMessage()));
        } catch (InterruptedException e) {
            scan.interrupt();
            Thread.currentThread().interrupt();
            return failure(check, plugin.id(), productId, FailureKind.TIMEOUT, "interrupted");
        }
    }

    /** What the site sent for the failure, kept beside the job's results; nothing is kept for other failures. */
    private List<EvidenceFile> keepEvidence(NodeContext context, int index, ScanException failed, Instant startedAt) {
        var job = context.job();
        return evidence.keep(job.platform(), job.jobId(), startedAt, index, failed.evidence());
    }

    private static ScanRecord logged(NodeContext context, ScanRecord failed) {
        LogEvent.warn(
                LOG,
                "scan.failed",
                "job_id",
                context.job().jobId(),
                "platform",
                failed.platform(),
                "product_id",
                failed.productId(),
                "failure",
                failed.failureKind(),
                "error",
                failed.error(),
                "evidence",
                failed.evidence().size());
        return failed;
    }

    private static ScanRecord failure(
            ProductCheck check, String platform, String productId, FailureKind kind, String message) {
        return new ScanRecord(check, platform, productId, null, kind.wireName(), message);
    }
}
