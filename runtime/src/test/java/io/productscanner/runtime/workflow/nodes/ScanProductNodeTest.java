package io.productscanner.runtime.workflow.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.job.JobCheckpoint;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.metrics.ScannerMetrics;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.product.ProductCheck;
import io.productscanner.runtime.product.ProductComparison;
import io.productscanner.runtime.product.SaleStatusVocabulary;
import io.productscanner.runtime.product.ScanRecord;
import io.productscanner.runtime.results.LiveResults;
import io.productscanner.runtime.results.ResultsDirectory;
import io.productscanner.runtime.results.ScanEvidenceStore;
import io.productscanner.runtime.testing.TestRedis;
import io.productscanner.runtime.worker.JobControl;
import io.productscanner.runtime.workflow.JobData;
import io.productscanner.runtime.workflow.NodeContext;
import io.productscanner.runtime.workflow.NodeDefinition;
import io.productscanner.runtime.workflow.RetryPolicy;
import io.productscanner.runtime.workflow.WorkflowException;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import io.productscanner.spi.ScanException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scan_product} with a plugin in this process and the job's checkpoint on a real Redis: every product is
 * scanned once, at most {@code concurrency} at a time, batch by batch; successes go to the checkpoint and every
 * result to the live results file; a resumed job skips what its checkpoint holds; a stopped job says how far it got.
 */
class ScanProductNodeTest {
    private static final String PLATFORM = "shop";
    private static final String STARTED_AT = "2026-11-29T08:00:00Z";

    @TempDir
    Path root;

    private TestRedis redis;
    private Shop shop;
    private PluginRegistry plugins;
    private ResultsDirectory results;
    private final String jobId = "job-" + System.nanoTime();
    private final JobControl control = new JobControl();
    private final List<Double> progress = new CopyOnWriteArrayList<>();
    private final JobData data = new JobData();

    @BeforeEach
    void start() throws IOException {
        redis = TestRedis.start();
        shop = new Shop();
        plugins = PluginRegistry.of(List.of(shop), Settings.of(Map.of()));
        results = new ResultsDirectory(root.resolve("results"));
    }

    @AfterEach
    void stop() {
        plugins.close();
        redis.close();
    }

    @Test
    void everyProductIsScannedOnceAtMostConcurrencyAtATimeAndOnlySuccessesAreCheckpointed() throws Exception {
        products("p1", "p2", "bad3", "p4", "p5", "p6", "p7");

        run("{\"concurrency\": 2, \"batch_size\": 3}");

        List<ScanRecord> scans = data.find(ProductData.SCANS).orElseThrow().items();
        assertEquals(7, scans.size());
        for (int i = 0; i < scans.size(); i++) {
            assertEquals(
                    url(List.of("p1", "p2", "bad3", "p4", "p5", "p6", "p7").get(i)),
                    scans.get(i).check().url(),
                    "product order");
        }
        assertEquals("parse", scans.get(2).failureKind());
        assertNull(scans.get(2).snapshot());
        assertEquals("p7", scans.get(6).snapshot().productId());
        assertEquals(7, shop.scanned.size(), "each product once");
        assertTrue(shop.mostAtOnce.get() <= 2, "at most 2 at once, saw " + shop.mostAtOnce.get());
        assertEquals(Set.of(0, 1, 3, 4, 5, 6), checkpoint().itemsDone("scan").keySet(), "failures are tried again");
        assertEquals(7, progress.size());
        assertEquals(1.0, Collections.max(progress));
        List<JsonNode> live = liveLines();
        assertEquals(7, live.size());
        assertEquals(
                Set.of(0, 1, 2, 3, 4, 5, 6),
                Set.copyOf(live.stream().map(l -> l.path("index").asInt()).toList()));
        JsonNode failed = live.stream()
                .filter(l -> l.path("index").asInt() == 2)
                .findFirst()
                .orElseThrow();
        assertEquals("failed", failed.path("status").asText());
        assertEquals("parse", failed.path("failure_kind").asText());
        JsonNode scanned = live.stream()
                .filter(l -> l.path("index").asInt() == 0)
                .findFirst()
                .orElseThrow();
        assertEquals("success", scanned.path("status").asText());
        assertTrue(scanned.path("validation").path("errors").isArray(), "live results are validated");
    }

    @Test
    void aResumedJobScansOnlyTheProductsItsCheckpointLacks() throws Exception {
        products("p1", "p2", "p3");
        ScanRecord earlier = new ScanRecord(
                new ProductCheck(url("p1"), null, Json.MAPPER.createObjectNode()),
                PLATFORM,
                "p1",
                snapshot("p1", "from an earlier attempt"),
                null,
                null);
        checkpoint().itemDone("scan", 0, earlier.toJson()).toCompletableFuture().get();

        run("{}");

        assertEquals(List.of("p2", "p3"), List.copyOf(shop.scanned));
        List<ScanRecord> scans = data.find(ProductData.SCANS).orElseThrow().items();
        assertEquals("from an earlier attempt", scans.getFirst().snapshot().productName());
        assertEquals(3, liveLines().size(), "the restored product is in the live results too");
        assertEquals(List.of(2.0 / 3, 1.0), progress);
    }

    @Test
    void aStoppedJobStartsNoFurtherScanAndSaysHowFarItGot() {
        products("p1", "p2", "p3", "p4", "p5");
        shop.onScan = id -> control.stop("the lease on platform shop was lost");

        WorkflowException stopped =
                assertThrows(WorkflowException.class, () -> run("{\"concurrency\": 1, \"batch_size\": 1}"));

        assertEquals("stopped after 1 of 5 products: the lease on platform shop was lost", stopped.getMessage());
        assertEquals(List.of("p1"), List.copyOf(shop.scanned));
        assertFalse(data.find(ProductData.SCANS).isPresent());
    }

    @Test
    void aScanPastItsTimeoutIsAbandonedAsATimeout() throws Exception {
        products("slow1", "p2");

        run("{\"timeout_ms\": 200}");

        List<ScanRecord> scans = data.find(ProductData.SCANS).orElseThrow().items();
        assertEquals("timeout", scans.getFirst().failureKind());
        assertEquals("no answer within 200 ms", scans.getFirst().error());
        assertEquals("p2", scans.get(1).snapshot().productId());
    }

    @Test
    void aUrlNoPluginAcceptsFailsAsAnInvalidUrlWithoutAScan() throws Exception {
        data.put(
                ProductData.PRODUCTS,
                new ProductData.ProductChecks(List.of(
                        new ProductCheck("https://elsewhere.example/p/1", null, Json.MAPPER.createObjectNode()))));

        run("{}");

        ScanRecord scan = data.find(ProductData.SCANS).orElseThrow().items().getFirst();
        assertEquals(FailureKind.INVALID_URL.wireName(), scan.failureKind());
        assertTrue(shop.scanned.isEmpty());
    }

    private void run(String config) throws InterruptedException {
        JsonNode json = Json.read(config);
        ScanProductNode node = new ScanProductNode(
                results,
                new ScanEvidenceStore(results, 10_000, 10),
                new ProductComparison(SaleStatusVocabulary.defaults()),
                ScannerMetrics.create());
        JobRecord job = new JobRecord(
                jobId,
                "wf-scan",
                PLATFORM,
                JobStatus.RUNNING,
                0,
                0,
                null,
                1,
                Json.MAPPER.createObjectNode(),
                Json.MAPPER.createObjectNode(),
                STARTED_AT,
                STARTED_AT,
                null,
                null,
                null,
                "test",
                null);
        node.run(new NodeContext(
                job,
                Json.MAPPER.createObjectNode(),
                new NodeDefinition("scan", node.name(), node.name(), json, List.of(), RetryPolicy.ONCE, 0),
                json,
                data,
                plugins,
                redis.store(),
                control,
                progress::add,
                checkpoint()));
    }

    private JobCheckpoint checkpoint() {
        return redis.store().checkpoint(jobId);
    }

    private void products(String... ids) {
        data.put(
                ProductData.PRODUCTS,
                new ProductData.ProductChecks(Arrays.stream(ids)
                        .map(id -> new ProductCheck(
                                url(id),
                                "set-" + id,
                                Json.MAPPER.createObjectNode().put("product_name", "name of " + id)))
                        .toList()));
    }

    private List<JsonNode> liveLines() throws IOException {
        Path file = LiveResults.partialOf(results.fileFor(PLATFORM, jobId, Instant.parse(STARTED_AT)));
        return Files.readAllLines(file).stream().map(Json::read).toList();
    }

    private static String url(String id) {
        return "https://shop.example/p/" + id;
    }

    private static ProductSnapshot snapshot(String id, String name) {
        return new ProductSnapshot(
                PLATFORM,
                id,
                url(id),
                name,
                "brand",
                null,
                1000L,
                900L,
                SaleStatus.ON_SALE,
                "SALE",
                "api",
                Instant.parse(STARTED_AT));
    }

    /**
     * Products at {@code https://shop.example/p/{id}}; a scan takes 30 ms, ids starting with {@code bad} cannot be
     * read, ids starting with {@code slow} take 10 s. Records which products it scanned and the most scans at once.
     */
    private static final class Shop implements PlatformPlugin {
        final List<String> scanned = new CopyOnWriteArrayList<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        volatile Consumer<String> onScan = id -> {};

        @Override
        public String id() {
            return PLATFORM;
        }

        @Override
        public PluginKind kind() {
            return PluginKind.API;
        }

        @Override
        public boolean matches(URI url) {
            return "shop.example".equals(url.getHost());
        }

        @Override
        public String productId(URI url) {
            return url.getPath().substring("/p/".length());
        }

        @Override
        public URI canonicalUrl(String productId) {
            return URI.create(url(productId));
        }

        @Override
        public int maxConcurrency() {
            return 4;
        }

        @Override
        public ProductScanner createScanner(PluginContext context) {
            return productUrl -> {
                String id = productId(productUrl);
                mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(id.startsWith("slow") ? 10_000 : 30);
                    scanned.add(id);
                    onScan.accept(id);
                    if (id.startsWith("bad")) {
                        throw new ScanException(FailureKind.PARSE, "no price on the page");
                    }
                    return snapshot(id, "name of " + id);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ScanException(FailureKind.TIMEOUT, "interrupted");
                } finally {
                    inFlight.decrementAndGet();
                }
            };
        }
    }
}
