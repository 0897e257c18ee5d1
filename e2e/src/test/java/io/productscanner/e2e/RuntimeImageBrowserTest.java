package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime image the browser-worker image ships drives a browser: Playwright 1.62.0 (without its 193 MB
 * driver bundle, on the system Node.js, as in that image) launches Debian's Chromium from the image's java.
 * Chromium comes from scripts/install-test-prerequisites.sh; without it this test fails, it does not skip.
 */
class RuntimeImageBrowserTest {
    private static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");
    private static final String NODE = System.getenv().getOrDefault("PLAYWRIGHT_NODEJS_PATH", "/usr/bin/node");

    @Test
    void playwrightLaunchesChromiumOnTheImagesJava(@TempDir Path work) throws Exception {
        assertTrue(
                Files.isExecutable(Path.of(CHROMIUM)),
                "no Chromium at " + CHROMIUM + " (scripts/install-test-prerequisites.sh installs Debian's chromium)");
        assertTrue(Files.isExecutable(Path.of(NODE)), "no Node.js at " + NODE);
        Path image = work.resolve("runtime-image");
        RuntimeImage.Finished built = RuntimeImage.build(image);
        assertEquals(0, built.exitCode(), built.output());

        RuntimeImage.Finished probe = RuntimeImage.run(
                Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1", "TMPDIR", work.toString()),
                work,
                image.resolve("bin/java").toString(),
                "-Dplaywright.nodejs.path=" + NODE,
                "-Djava.io.tmpdir=" + work,
                "-cp",
                System.getProperty("java.class.path"),
                BrowserOnImageProbe.class.getName(),
                CHROMIUM);
        assertEquals(0, probe.exitCode(), probe.output());
        assertTrue(probe.output().contains("text=판매가 14,900원"), probe.output());
        assertTrue(probe.output().contains("java.home=" + image), probe.output());
        assertTrue(probe.output().matches("(?s).*chromium=\\d+\\..*"), probe.output());
    }
}
