package io.productscanner.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Timer;
import io.productscanner.runtime.product.ProductCheck;
import io.productscanner.runtime.product.ScanRecord;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the scan node's one wrapped call records: outcome and strategy per scan, and how long it took. */
class MetricsScanRecordingTest {
    private static final String PLATFORM = "metricscans";
    private static final ProductCheck CHECK = new ProductCheck("https://shop.example/p/1", "set", null);

    @Test
    void timeScanCountsOutcomeAndStrategyAndRecordsDuration() {
        ScannerMetrics metrics = ScannerMetrics.create();
        ScanRecord onSale = new ScanRecord(
                CHECK,
                PLATFORM,
                "1",
                new ProductSnapshot(
                        PLATFORM,
                        "1",
                        CHECK.url(),
                        "name",
                        "brand",
                        null,
                        1000L,
                        900L,
                        SaleStatus.ON_SALE,
                        "raw",
                        "html",
                        Instant.now()),
                null,
                null);
        ScanRecord blocked = new ScanRecord(CHECK, PLATFORM, "1", null, "blocked", "403");

        assertSame(onSale, metrics.timeScan(() -> onSale));
        metrics.timeScan(() -> {
            sleep(40);
            return blocked;
        });

        MeterRegistry registry = metrics.registry();
        assertEquals(1, count(registry, Map.of("outcome", "success", "strategy", "html")));
        assertEquals(1, count(registry, Map.of("outcome", "blocked", "strategy", "none")));
        Timer duration = registry
                .meters(meter -> meter.id().name().equals(ScannerMetrics.SCAN_DURATION)
                        && PLATFORM.equals(meter.id().tagsMap().get("platform")))
                .stream()
                .map(Timer.class::cast)
                .findFirst()
                .orElseThrow();
        assertEquals(2, duration.count());
        assertTrue(duration.max(TimeUnit.MILLISECONDS) >= 40, "the slow scan's time is recorded");
    }

    private static long count(MeterRegistry registry, Map<String, String> tags) {
        return registry
                .meters(meter -> meter.id().name().equals(ScannerMetrics.SCANS_TOTAL)
                        && PLATFORM.equals(meter.id().tagsMap().get("platform"))
                        && meter.id().tagsMap().entrySet().containsAll(tags.entrySet()))
                .stream()
                .mapToLong(meter -> ((Counter) meter).count())
                .sum();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
