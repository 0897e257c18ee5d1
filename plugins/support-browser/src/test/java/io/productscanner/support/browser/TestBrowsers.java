package io.productscanner.support.browser;

import io.productscanner.spi.PluginContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Settings and contexts for tests: the system's Chromium (or CHROMIUM_PATH), never a downloaded one. */
final class TestBrowsers {
    private TestBrowsers() {}

    static BrowserSettings settings(Set<String> blocked) {
        String chromium = Optional.ofNullable(System.getenv("CHROMIUM_PATH")).orElse("/usr/bin/chromium");
        String node =
                Optional.ofNullable(System.getenv("PLAYWRIGHT_NODEJS_PATH")).orElse("/usr/bin/node");
        return new BrowserSettings(
                Path.of(chromium),
                Path.of(node),
                Duration.ofSeconds(20),
                Duration.ofSeconds(10),
                10,
                50,
                blocked,
                "Mozilla/5.0 (X11; Linux x86_64) ProductScannerTest",
                1280,
                900,
                false,
                "ko-KR",
                BrowserSandbox.AUTO,
                BrowserSettings.DEFAULT_MAX_BODY_BYTES);
    }

    /** A context with a mirror that counts the restarts it is told about. */
    static final class CountingContext implements PluginContext {
        final AtomicInteger restarts = new AtomicInteger();
        private final URI mirror;

        CountingContext(URI mirror) {
            this.mirror = mirror;
        }

        @Override
        public Optional<String> setting(String name) {
            return name.equals("SCANNER_SITE_MIRROR") ? Optional.of(mirror.toString()) : Optional.empty();
        }

        @Override
        public void browserRestarted() {
            restarts.incrementAndGet();
        }
    }
}
