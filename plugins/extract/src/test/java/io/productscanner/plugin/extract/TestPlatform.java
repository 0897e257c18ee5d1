package io.productscanner.plugin.extract;

import io.productscanner.spi.FailureKind;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import io.productscanner.spi.ScanException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A platform for these tests, on {@code https://{id}.test/p/{n}} (and {@code m.{id}.test}): its scanner answers
 * from the URL after a short pause, and the platform counts, across all platforms sharing one {@link Census},
 * how many scans and scanners are live at once.
 */
final class TestPlatform implements PlatformPlugin {
    /** What several platforms did at once. */
    static final class Census {
        final AtomicInteger scansNow = new AtomicInteger();
        final AtomicInteger maxScans = new AtomicInteger();
        final AtomicInteger scannersOpen = new AtomicInteger();
        final AtomicInteger maxScannersOpen = new AtomicInteger();
        final AtomicInteger scannersCreated = new AtomicInteger();
    }

    private final String id;
    private final PluginKind kind;
    private final int maxConcurrency;
    private final Census census;

    TestPlatform(String id, PluginKind kind, int maxConcurrency, Census census) {
        this.id = id;
        this.kind = kind;
        this.maxConcurrency = maxConcurrency;
        this.census = census;
    }

    static List<PlatformPlugin> of(PlatformPlugin... platforms) {
        return List.of(platforms);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public PluginKind kind() {
        return kind;
    }

    @Override
    public int maxConcurrency() {
        return maxConcurrency;
    }

    @Override
    public boolean matches(URI url) {
        return parse(url).isPresent();
    }

    private Optional<String> parse(URI url) {
        boolean host = (id + ".test").equals(url.getHost()) || ("m." + id + ".test").equals(url.getHost());
        return host && url.getPath() != null && url.getPath().matches("/p/\\d+")
                ? Optional.of(url.getPath().substring(3))
                : Optional.empty();
    }

    @Override
    public String productId(URI url) throws ScanException {
        return parse(url).orElseThrow(() -> new ScanException(FailureKind.INVALID_URL, url + " has no /p/{n}"));
    }

    @Override
    public URI canonicalUrl(String productId) {
        return URI.create("https://" + id + ".test/p/" + productId);
    }

    @Override
    public ProductScanner createScanner(PluginContext context) {
        census.scannersCreated.incrementAndGet();
        census.maxScannersOpen.accumulateAndGet(census.scannersOpen.incrementAndGet(), Math::max);
        return new ProductScanner() {
            @Override
            public ProductSnapshot scan(URI url) throws ScanException {
                census.maxScans.accumulateAndGet(census.scansNow.incrementAndGet(), Math::max);
                try {
                    // long enough for other scans to overlap this one if nothing kept them apart
                    Thread.sleep(20);
                    String productId = productId(url);
                    return new ProductSnapshot(
                            id,
                            productId,
                            canonicalUrl(productId).toString(),
                            id + " " + productId,
                            null,
                            null,
                            1000L,
                            900L,
                            SaleStatus.ON_SALE,
                            "SALE",
                            "test",
                            Instant.now());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ScanException(FailureKind.TIMEOUT, "interrupted");
                } finally {
                    census.scansNow.decrementAndGet();
                }
            }

            @Override
            public void close() {
                census.scannersOpen.decrementAndGet();
            }
        };
    }
}
