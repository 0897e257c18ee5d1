package io.productscanner.plugin.extract;

import io.productscanner.spi.FailureKind;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.ScanException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The extract worker's scanner: scans a URL of any platform with that platform's own scanner, created through
 * the SPI with a context of that platform (so its browser restarts count under it). API platforms keep their
 * scanner and run up to their own {@link PlatformPlugin#maxConcurrency()} at once. Browser platforms are scanned
 * one browser at a time: one browser scan runs at any moment, and switching to another browser platform closes the previous platform's
 * scanner (its browser) first, so the worker never holds two browsers.
 */
final class PlatformScanners implements ProductScanner {
    private static final System.Logger LOG = System.getLogger(PlatformScanners.class.getName());

    private final List<PlatformPlugin> platforms;
    private final PluginContext context;
    private final Map<String, ProductScanner> apiScanners = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> apiSlots = new ConcurrentHashMap<>();
    /** Fair, so browser platforms take turns in the order their scans asked. */
    private final ReentrantLock browser = new ReentrantLock(true);

    private PlatformPlugin browserPlatform;
    private ProductScanner browserScanner;

    PlatformScanners(List<PlatformPlugin> platforms, PluginContext context) {
        this.platforms = List.copyOf(platforms);
        this.context = context;
    }

    @Override
    public ProductSnapshot scan(URI productUrl) throws ScanException {
        PlatformPlugin platform = Platforms.forUrl(platforms, productUrl)
                .orElseThrow(() -> new ScanException(
                        FailureKind.INVALID_URL,
                        productUrl + " is not a product URL of a supported platform (supported: "
                                + Platforms.supported(platforms) + ")"));
        try {
            return platform.kind() == PluginKind.BROWSER
                    ? scanInBrowser(platform, productUrl)
                    : scanOverApi(platform, productUrl);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScanException(FailureKind.TIMEOUT, "interrupted while waiting to scan " + platform.id());
        }
    }

    private ProductSnapshot scanOverApi(PlatformPlugin platform, URI url) throws ScanException, InterruptedException {
        Semaphore slots = apiSlots.computeIfAbsent(
                platform.id(), id -> new Semaphore(Math.max(1, platform.maxConcurrency()), true));
        slots.acquire();
        try {
            return apiScanners
                    .computeIfAbsent(platform.id(), id -> platform.createScanner(context.forPlatform(id)))
                    .scan(url);
        } finally {
            slots.release();
        }
    }

    private ProductSnapshot scanInBrowser(PlatformPlugin platform, URI url) throws ScanException, InterruptedException {
        browser.lockInterruptibly();
        try {
            if (browserPlatform != platform) {
                closeBrowser();
                browserScanner = platform.createScanner(context.forPlatform(platform.id()));
                browserPlatform = platform;
                LOG.log(System.Logger.Level.INFO, "event=extract.browser_opened platform=" + platform.id());
            }
            return browserScanner.scan(url);
        } finally {
            browser.unlock();
        }
    }

    /** Closes the open browser platform's scanner; the caller holds the browser lock. */
    private void closeBrowser() {
        if (browserScanner == null) {
            return;
        }
        String closing = browserPlatform.id();
        try {
            browserScanner.close();
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "event=extract.browser_close_failed platform=" + closing + " error=\"" + e + "\"");
        }
        browserScanner = null;
        browserPlatform = null;
        LOG.log(System.Logger.Level.INFO, "event=extract.browser_closed platform=" + closing);
    }

    @Override
    public void close() {
        browser.lock();
        try {
            closeBrowser();
        } finally {
            browser.unlock();
        }
        apiScanners.forEach((id, scanner) -> {
            try {
                scanner.close();
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "event=extract.scanner_close_failed platform=" + id + " error=\"" + e + "\"");
            }
        });
        apiScanners.clear();
    }
}
