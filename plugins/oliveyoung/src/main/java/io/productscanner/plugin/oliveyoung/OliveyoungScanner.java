package io.productscanner.plugin.oliveyoung;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.LoadState;
import com.microsoft.playwright.options.WaitUntilState;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.ScanException;
import io.productscanner.support.browser.BrowserPool;
import io.productscanner.support.browser.PageFailures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Scans one oliveyoung product on its mobile page (desktop URLs are rewritten to it), the way the original's
 * PlaywrightScriptExecutor and OliveyoungExtractor prepare it: navigate, wait until the page rendered and settled
 * (bounded waits on conditions instead of the original's fixed sleeps), reload once when the desktop layout was
 * served to the phone, wait for the thumbnail's src, remove overlays and read.
 */
final class OliveyoungScanner implements ProductScanner {
    private static final System.Logger LOG = System.getLogger(OliveyoungScanner.class.getName());
    private static final String PAGE_SCRIPT = pageScript();

    private final OliveyoungConfig config;
    private final BrowserPool browser;
    private final ProductPageReader reader;
    private final Map<String, Object> scriptConfig;

    OliveyoungScanner(OliveyoungConfig config, BrowserPool browser) {
        this.config = config;
        this.browser = browser;
        this.reader = new ProductPageReader(config);
        this.scriptConfig = config.scriptConfig();
    }

    @Override
    public ProductSnapshot scan(URI productUrl) throws ScanException {
        String productId = OliveyoungPlugin.URLS.requireProductId(productUrl);
        String pageUrl = config.pageUrl(productId);
        return browser.withPage(page -> {
            Response response =
                    page.navigate(pageUrl, new Page.NavigateOptions().setWaitUntil(WaitUntilState.DOMCONTENTLOADED));
            if (isError(response) || reader.isErrorUrl(browser.landedUrl(page))) {
                return reader.read(productId, read(page, response), Instant.now());
            }
            awaitRenderedAndSettled(page, productId);
            if (desktopLayout(page)) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "event=oliveyoung.desktop_layout platform=oliveyoung product_id=" + productId
                                + " action=reload");
                response = page.reload(new Page.ReloadOptions().setWaitUntil(WaitUntilState.DOMCONTENTLOADED));
                if (isError(response) || reader.isErrorUrl(browser.landedUrl(page))) {
                    return reader.read(productId, read(page, response), Instant.now());
                }
                awaitRenderedAndSettled(page, productId);
                if (desktopLayout(page)) {
                    LOG.log(
                            System.Logger.Level.INFO,
                            "event=oliveyoung.desktop_layout platform=oliveyoung product_id=" + productId
                                    + " action=read_with_fallbacks");
                }
            }
            await(page, "thumbnail", config.waits().thumbnail(), productId);
            return reader.read(productId, read(page, response), Instant.now());
        });
    }

    /** A page that showed nothing within the render bound is read at once: it fails fast, and is retried later. */
    private void awaitRenderedAndSettled(Page page, String productId) {
        if (await(page, "rendered", config.waits().render(), productId)) {
            await(page, "settled", config.waits().settle(), productId);
        }
    }

    /**
     * Waits at most {@code limit} for the page script's {@code mode} to hold, across a navigation the page makes
     * meanwhile (a redirect after load); when the time is up the page is read as it is.
     *
     * @return whether the condition held in time
     */
    private boolean await(Page page, String mode, Duration limit, String productId) {
        long deadline = System.nanoTime() + limit.toNanos();
        Map<String, Object> argument = Map.of("mode", mode, "cfg", scriptConfig);
        while (true) {
            long remainingMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            try {
                page.waitForFunction(
                        PAGE_SCRIPT,
                        argument,
                        new Page.WaitForFunctionOptions()
                                .setTimeout(remainingMs)
                                .setPollingInterval(config.waits().poll().toMillis()));
                return true;
            } catch (TimeoutError e) {
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "event=oliveyoung.wait_ended platform=oliveyoung product_id=" + productId + " condition=" + mode
                                + " waited_ms=" + limit.toMillis());
                return false;
            } catch (PlaywrightException e) {
                if (!navigatedAway(e) || System.nanoTime() >= deadline) {
                    throw e;
                }
                try {
                    page.waitForLoadState(
                            LoadState.DOMCONTENTLOADED,
                            new Page.WaitForLoadStateOptions()
                                    .setTimeout(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                } catch (TimeoutError stillLoading) {
                    return false;
                }
            }
        }
    }

    private boolean desktopLayout(Page page) {
        @SuppressWarnings("unchecked")
        Map<String, Object> layout = (Map<String, Object>) evaluate(page, "layout");
        return Boolean.TRUE.equals(layout.get("desktop")) && !Boolean.TRUE.equals(layout.get("mobile"));
    }

    @SuppressWarnings("unchecked")
    private ProductPage read(Page page, Response response) throws ScanException {
        Map<String, Object> seen = (Map<String, Object>) evaluate(page, "read");
        String landedUrl = browser.landedUrl(page);
        int status = response == null ? 200 : response.status();
        if (seen == null) {
            if (status == 403 || status == 429 || status >= 500) {
                throw PageFailures.forStatus(status, landedUrl);
            }
            throw PageFailures.unreadable(landedUrl, "the page has no body");
        }
        List<ProductPage.Button> buttons = ((List<Map<String, Object>>) seen.get("buttons"))
                .stream()
                        .map(b -> new ProductPage.Button((String) b.get("text"), Boolean.TRUE.equals(b.get("visible"))))
                        .toList();
        return new ProductPage(
                status,
                landedUrl,
                (String) seen.get("href"),
                (String) seen.get("name"),
                (String) seen.get("brand"),
                (String) seen.get("thumbnail"),
                (String) seen.get("priceText"),
                buttons,
                (List<String>) seen.get("messages"),
                flag(seen, "errorPageElement"),
                flag(seen, "buyElement"),
                flag(seen, "restockElement"),
                flag(seen, "soldOutElement"),
                flag(seen, "priceElement"));
    }

    /** One evaluation of the page script; once more after a navigation that replaced the document meanwhile. */
    private Object evaluate(Page page, String mode) {
        Map<String, Object> argument = Map.of("mode", mode, "cfg", scriptConfig);
        try {
            return page.evaluate(PAGE_SCRIPT, argument);
        } catch (PlaywrightException e) {
            if (!navigatedAway(e)) {
                throw e;
            }
            page.waitForLoadState(LoadState.DOMCONTENTLOADED);
            return page.evaluate(PAGE_SCRIPT, argument);
        }
    }

    private static boolean navigatedAway(PlaywrightException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("Execution context was destroyed") || message.contains("navigation");
    }

    private static boolean isError(Response response) {
        return response != null && (response.status() == 403 || response.status() == 429 || response.status() >= 500);
    }

    private static boolean flag(Map<String, Object> seen, String key) {
        return Boolean.TRUE.equals(seen.get(key));
    }

    private static String pageScript() {
        try (InputStream in = OliveyoungScanner.class.getResourceAsStream("oliveyoung-page.js")) {
            if (in == null) {
                throw new IllegalStateException("oliveyoung-page.js is missing from the oliveyoung plugin's JAR");
            }
            // the leading comment stays in the file: Playwright must see the function itself first
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .dropWhile(line -> line.isBlank() || line.strip().startsWith("//"))
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read oliveyoung-page.js", e);
        }
    }

    @Override
    public void close() {
        browser.close();
    }
}
