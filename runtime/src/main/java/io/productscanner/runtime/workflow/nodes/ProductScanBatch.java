package io.productscanner.runtime.workflow.nodes;

import io.opentelemetry.context.Context;
import io.productscanner.runtime.logging.LogEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * One batch of a job's product scans, run with bounded concurrency: at most {@code concurrency} scans at once,
 * each on a virtual thread of its own, started {@code waitMillis} apart. {@link #run} returns once every scan it
 * started has ended and the checkpoint holds what they saved, so a crash repeats at most one batch.
 */
final class ProductScanBatch {
    private static final System.Logger LOG = System.getLogger(ProductScanBatch.class.getName());
    private static final long CHECKPOINT_WAIT_SECONDS = 30;

    /** Scans the product at {@code index}; returns its checkpoint write, or null when nothing was saved. */
    @FunctionalInterface
    interface ProductScan {
        CompletionStage<Boolean> scan(int index);
    }

    private final List<Integer> indexes;
    private final int concurrency;
    private final long waitMillis;
    private final boolean waitBeforeFirst;

    /**
     * @param indexes         the products of the batch, by index in the job's products
     * @param waitBeforeFirst whether the first start waits too: a later batch keeps the pace of the one before
     */
    ProductScanBatch(List<Integer> indexes, int concurrency, long waitMillis, boolean waitBeforeFirst) {
        this.indexes = List.copyOf(indexes);
        this.concurrency = concurrency;
        this.waitMillis = waitMillis;
        this.waitBeforeFirst = waitBeforeFirst;
    }

    /** Scans the batch's products; once {@code stopRequested}, starts no more. */
    void run(BooleanSupplier stopRequested, ProductScan scan) throws InterruptedException {
        Semaphore slots = new Semaphore(concurrency);
        List<CompletableFuture<Boolean>> saved = new CopyOnWriteArrayList<>();
        boolean first = !waitBeforeFirst;
        // the scans run in the node's trace context
        try (ExecutorService scanners = Context.taskWrapping(Executors.newVirtualThreadPerTaskExecutor())) {
            for (int index : indexes) {
                if (stopRequested.getAsBoolean()) {
                    break;
                }
                if (!first && waitMillis > 0) {
                    Thread.sleep(waitMillis);
                }
                first = false;
                slots.acquire();
                scanners.submit(() -> {
                    try {
                        CompletionStage<Boolean> write = scan.scan(index);
                        if (write != null) {
                            saved.add(write.toCompletableFuture());
                        }
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        awaitCheckpoint(saved);
    }

    private static void awaitCheckpoint(List<CompletableFuture<Boolean>> saved) {
        try {
            CompletableFuture.allOf(saved.toArray(CompletableFuture[]::new))
                    .get(CHECKPOINT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the products stay scanned in this run; only a resume after a crash would scan them again
            LogEvent.warn(LOG, "scan.checkpoint_failed", "error", e.getMessage());
        }
    }
}
