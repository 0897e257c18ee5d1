package io.productscanner.plugin.testkit;

import io.productscanner.mirror.SiteMirror;
import io.productscanner.spi.PluginContext;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The recorded fixtures (fixtures/mirror) served on a free loopback port for one test class, with the request counts
 * reset before every test. Register it as {@code @RegisterExtension static final FixtureMirror mirror = ...}: it
 * starts before the class's {@code @BeforeAll} methods and stops after its {@code @AfterAll} methods, so a scanner
 * made in {@code @BeforeAll} can use it and be closed first.
 */
public final class FixtureMirror implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private SiteMirror mirror;

    /** The fixtures folder Maven passes as {@code fixtures.dir}, or the one two levels up from a plugin module. */
    public static Path fixturesDir() {
        return Path.of(System.getProperty("fixtures.dir", "../../fixtures/mirror"));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        mirror = SiteMirror.start(fixturesDir(), 0);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        mirror.resetCounts();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        mirror.close();
    }

    public URI url() {
        return mirror.url();
    }

    public long requestCount(String hostAndPath) {
        return mirror.requestCount(hostAndPath);
    }

    public Map<String, Long> requestCounts() {
        return mirror.requestCounts();
    }

    /** A context whose outbound requests go through this mirror, with the given settings besides. */
    public PluginContext context(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("SCANNER_SITE_MIRROR", mirror.url().toString());
        return TestContexts.withSettings(all);
    }

    /**
     * A context for an API plugin whose settings start with {@code settingsPrefix} (e.g. {@code MUSINSA}): through
     * this mirror, without pacing, with retries fast enough for a test; {@code overrides} win.
     */
    public PluginContext quickApiContext(String settingsPrefix, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Map.of(
                settingsPrefix + "_PACING_MS", "0",
                settingsPrefix + "_BACKOFF_BASE_MS", "10",
                settingsPrefix + "_BACKOFF_MAX_MS", "20"));
        settings.putAll(overrides);
        return context(settings);
    }
}
