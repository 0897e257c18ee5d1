package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright (on the system Node.js, no browser download), opening the console of an
 * API on this machine at 1280×800, in English and the Asia/Seoul zone; what the page logs as an error or a CSP
 * refusal is kept, so a test can say the page ran clean.
 */
final class ConsoleBrowser implements AutoCloseable {
    private static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");
    private static final String NODE = System.getenv().getOrDefault("PLAYWRIGHT_NODEJS_PATH", "/usr/bin/node");
    /** Where the screenshots for the README land: e2e/target/console-screenshots. */
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private final Playwright playwright;
    private final Browser browser;
    private final List<String> problems = new ArrayList<>();

    private ConsoleBrowser(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static ConsoleBrowser launch() {
        assertTrue(
                Files.isExecutable(Path.of(CHROMIUM)),
                "no Chromium at " + CHROMIUM + " (scripts/install-test-prerequisites.sh installs Debian's chromium)");
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1", "PLAYWRIGHT_NODEJS_PATH", NODE)));
        try {
            Browser browser = playwright
                    .chromium()
                    .launch(new BrowserType.LaunchOptions()
                            .setExecutablePath(Path.of(CHROMIUM))
                            .setHeadless(true));
            return new ConsoleBrowser(playwright, browser);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** A fresh browser session (its own sessionStorage) on a page of the console at {@code port}. */
    Page open(int port, String hash) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(1280, 800)
                .setLocale("en-US")
                .setTimezoneId("Asia/Seoul"));
        context.setDefaultTimeout(30_000);
        Page page = context.newPage();
        page.onConsoleMessage(message -> {
            if (message.type().equals("error")) {
                problems.add(message.text());
            }
        });
        page.onPageError(error -> problems.add("page error: " + error));
        page.navigate("http://127.0.0.1:" + port + "/console/" + hash);
        return page;
    }

    /** What pages logged as errors (failed scripts, CSP refusals, uncaught exceptions) so far. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** A screenshot of what the page shows in its 1280×800 viewport, for the README. */
    static Path screenshot(Page page, String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name);
        page.screenshot(new Page.ScreenshotOptions().setPath(file));
        return file;
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            playwright.close();
        }
    }
}
