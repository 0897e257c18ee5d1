package io.productscanner.plugin.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.spi.FailureKind;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.ScanException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The extract worker's scanner: any platform's URL, API platforms within their cap, one browser at a time. */
class PlatformScannersTest {
    private static final PluginContext CONTEXT = name -> Optional.empty();

    /** Scans every URL at once, each on its own thread, and returns the snapshots in URL order. */
    private static List<ProductSnapshot> scanAtOnce(PlatformScanners scanners, List<String> urls) throws Exception {
        List<Future<ProductSnapshot>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String url : urls) {
                futures.add(threads.submit(() -> scanners.scan(URI.create(url))));
            }
        }
        List<ProductSnapshot> snapshots = new ArrayList<>();
        for (Future<ProductSnapshot> future : futures) {
            snapshots.add(future.get());
        }
        return snapshots;
    }

    @Test
    void browserPlatformsAreScannedOneBrowserAtATime() throws Exception {
        TestPlatform.Census browsers = new TestPlatform.Census();
        List<PlatformPlugin> platforms = TestPlatform.of(
                new TestPlatform("olive", PluginKind.BROWSER, 4, browsers),
                new TestPlatform("kurl", PluginKind.BROWSER, 4, browsers));
        PlatformScanners scanners = new PlatformScanners(platforms, CONTEXT);
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            urls.add("https://" + (i % 2 == 0 ? "olive" : "m.kurl") + ".test/p/" + i);
        }

        List<ProductSnapshot> snapshots = scanAtOnce(scanners, urls);

        for (int i = 0; i < urls.size(); i++) {
            assertEquals(i % 2 == 0 ? "olive" : "kurl", snapshots.get(i).platform());
            assertEquals(Integer.toString(i), snapshots.get(i).productId());
        }
        assertEquals(1, browsers.maxScans.get(), "one browser scan at any moment, even with a cap of 4");
        assertEquals(1, browsers.maxScannersOpen.get(), "the previous browser closes before the next opens");
        scanners.close();
        assertEquals(0, browsers.scannersOpen.get());
    }

    @Test
    void apiPlatformsScanSideBySideWithinTheirOwnCapOnOneScanner() throws Exception {
        TestPlatform.Census api = new TestPlatform.Census();
        TestPlatform.Census browser = new TestPlatform.Census();
        List<PlatformPlugin> platforms = TestPlatform.of(
                new TestPlatform("hwa", PluginKind.API, 2, api),
                new TestPlatform("olive", PluginKind.BROWSER, 1, browser));
        PlatformScanners scanners = new PlatformScanners(platforms, CONTEXT);
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            urls.add("https://" + (i < 8 ? "hwa" : "olive") + ".test/p/" + i);
        }

        List<ProductSnapshot> snapshots = scanAtOnce(scanners, urls);

        assertEquals(10, snapshots.size());
        assertTrue(api.maxScans.get() <= 2, "hwa allows 2 at once, saw " + api.maxScans.get());
        assertEquals(1, api.scannersCreated.get(), "an API platform's scanner is kept and shared");
        assertEquals(1, browser.scannersCreated.get());
        scanners.close();
        assertEquals(0, api.scannersOpen.get() + browser.scannersOpen.get(), "closing closes every platform's scanner");
    }

    @Test
    void aUrlOfNoLoadedPlatformFailsNamingTheSupportedOnes() {
        TestPlatform.Census census = new TestPlatform.Census();
        PlatformScanners scanners = new PlatformScanners(
                TestPlatform.of(
                        new TestPlatform("zig", PluginKind.API, 1, census),
                        new TestPlatform("abl", PluginKind.BROWSER, 1, census)),
                CONTEXT);
        ScanException failed = assertThrows(
                ScanException.class, () -> scanners.scan(URI.create("https://www.coupang.com/vp/products/1")));
        assertEquals(FailureKind.INVALID_URL, failed.kind());
        assertEquals(
                "https://www.coupang.com/vp/products/1 is not a product URL of a supported platform "
                        + "(supported: abl, zig)",
                failed.getMessage());
        assertEquals(0, census.scannersCreated.get());
    }
}
