package io.productscanner.plugin.ably;

import com.microsoft.playwright.Dialog;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.WaitUntilState;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.ScanEvidence;
import io.productscanner.spi.ScanException;
import io.productscanner.support.browser.BrowserPool;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Scans one ably product: opens its mobile page, captures the goods answer the page fetches for itself (waiting up to
 * {@code API_WAIT_MS} from the start of the navigation), then watches the page until it has made no request for
 * {@code SETTLE_QUIET_MS} (at most {@code SETTLE_WAIT_MS}), so that a script taking the visitor away after load is
 * seen, and reads the page's own data for the fallbacks.
 */
final class AblyScanner implements ProductScanner {
    private static final System.Logger LOG = System.getLogger(AblyScanner.class.getName());
    private static final String READ_PAGE = """
            ([nextData, ogTitle, ogImage]) => ({
              nextData: document.querySelector(nextData)?.textContent ?? null,
              ogTitle: document.querySelector(ogTitle)?.getAttribute('content') ?? null,
              ogImage: document.querySelector(ogImage)?.getAttribute('content') ?? null,
              body: document.body ? document.body.innerText : ''
            })""";

    private final AblyConfig config;
    private final BrowserPool browser;
    private final ProductPageReader reader;

    AblyScanner(AblyConfig config, BrowserPool browser) {
        this.config = config;
        this.browser = browser;
        this.reader = new ProductPageReader(config);
    }

    @Override
    public ProductSnapshot scan(URI productUrl) throws ScanException {
        String productId = AblyPlugin.URLS.requireProductId(productUrl);
        String pageUrl = config.pageUrl(productId);
        String productPath = config.productPath(productId);
        return browser.withPage(page -> {
            PageWatch watch = new PageWatch(config.apiPath(productId));
            watch.attach(page);
            try {
                long started = System.nanoTime();
                page.navigate(pageUrl, new Page.NavigateOptions().setWaitUntil(WaitUntilState.DOMCONTENTLOADED));
                waitUntil(
                        page,
                        () -> watch.captured != null || leftFor(page, productPath) != null,
                        config.apiWait().toMillis() - (System.nanoTime() - started) / 1_000_000);
                waitUntil(
                        page,
                        () -> leftFor(page, productPath) != null
                                || watch.quietFor(config.settleQuiet().toMillis()),
                        config.settleWait().toMillis());
                if (leftFor(page, productPath) != null) {
                    // the page is known to leave once its new document is asked for; let that navigation finish
                    // here, or it lands in the next product's scan on this reused page
                    waitUntil(
                            page,
                            () -> watch.quietFor(config.settleQuiet().toMillis()),
                            config.settleWait().toMillis());
                }
                ProductPage seen = readPage(page, pageUrl, productPath, watch);
                if (seen.leftFor() != null) {
                    LOG.log(
                            System.Logger.Level.INFO,
                            "event=ably.left_product platform=ably product_id=" + productId + " to="
                                    + AblyConfig.pathOf(seen.leftFor()));
                }
                try {
                    return reader.read(productId, seen, Instant.now());
                } catch (ScanException e) {
                    throw withAnswer(e, seen.answer());
                }
            } finally {
                watch.detach(page);
            }
        });
    }

    /** Waits until {@code condition} holds or {@code timeoutMs} have passed, whichever comes first. */
    private static void waitUntil(Page page, BooleanSupplier condition, long timeoutMs) {
        if (condition.getAsBoolean() || timeoutMs <= 0) {
            return;
        }
        try {
            page.waitForCondition(condition, new Page.WaitForConditionOptions().setTimeout(timeoutMs));
        } catch (TimeoutError e) {
            // the budget is spent: read the page as it is
        }
    }

    /**
     * Where the page went if it is no longer on the product: after a redirect followed through the site mirror the
     * document's landed URL says so, after a script or client-side navigation the page's own URL.
     */
    private String leftFor(Page page, String productPath) {
        String landed = browser.landedUrl(page);
        if (landed != null && isWebUrl(landed) && !AblyConfig.pathOf(landed).equals(productPath)) {
            return landed;
        }
        String current = page.url();
        if (isWebUrl(current) && !AblyConfig.pathOf(current).equals(productPath)) {
            return current;
        }
        return null;
    }

    private static boolean isWebUrl(String url) {
        return url.startsWith("https://") || url.startsWith("http://");
    }

    /**
     * The page as it is now; a page that left the product is not read (it shows another page), also when it leaves
     * while being read (the navigation destroys what the reading ran in).
     */
    @SuppressWarnings("unchecked")
    private ProductPage readPage(Page page, String pageUrl, String productPath, PageWatch watch) throws ScanException {
        String leftFor = leftFor(page, productPath);
        if (leftFor == null) {
            try {
                Map<String, Object> seen = (Map<String, Object>) page.evaluate(
                        READ_PAGE,
                        List.of(config.nextDataSelector(), config.ogTitleSelector(), config.ogImageSelector()));
                return new ProductPage(
                        pageUrl,
                        null,
                        watch.answer(browser),
                        (String) seen.get("nextData"),
                        (String) seen.get("ogTitle"),
                        (String) seen.get("ogImage"),
                        (String) seen.get("body"),
                        watch.dialogs);
            } catch (PlaywrightException e) {
                leftFor = leftFor(page, productPath);
                if (leftFor == null || e instanceof TimeoutError) {
                    throw e;
                }
            }
        }
        return new ProductPage(pageUrl, leftFor, null, null, null, null, null, watch.dialogs);
    }

    /** A parse failure keeps the goods answer the page received, beside the page BrowserPool attaches. */
    private static ScanException withAnswer(ScanException failure, ProductPage.Answer answer) {
        if (failure.kind() == FailureKind.PARSE && answer != null && answer.body() != null) {
            failure.withEvidence(ScanEvidence.text(
                    "answer.json",
                    answer.contentType() != null ? answer.contentType() : "application/json",
                    answer.url(),
                    answer.body()));
        }
        return failure;
    }

    @Override
    public void close() {
        browser.close();
    }

    /**
     * What the page does while it loads, seen through its events (all delivered on the browser thread): the goods
     * answer it receives, its requests in flight and when the last one started or ended, and its alerts, which are
     * dismissed as a visitor would.
     */
    private static final class PageWatch {
        private final String apiPath;
        private final List<String> dialogs = new ArrayList<>();
        private Response captured;
        private int requestsInFlight;
        private long lastActivityNanos = System.nanoTime();

        private final Consumer<Response> onResponse = this::response;
        private final Consumer<Request> onRequest = request -> {
            requestsInFlight++;
            lastActivityNanos = System.nanoTime();
        };
        private final Consumer<Request> onRequestDone = request -> {
            requestsInFlight = Math.max(0, requestsInFlight - 1);
            lastActivityNanos = System.nanoTime();
        };
        private final Consumer<Dialog> onDialog = dialog -> {
            dialogs.add(dialog.message());
            try {
                dialog.dismiss();
            } catch (PlaywrightException e) {
                // the page went away with its dialog
            }
        };

        PageWatch(String apiPath) {
            this.apiPath = apiPath;
        }

        void attach(Page page) {
            page.onResponse(onResponse);
            page.onRequest(onRequest);
            page.onRequestFinished(onRequestDone);
            page.onRequestFailed(onRequestDone);
            page.onDialog(onDialog);
        }

        void detach(Page page) {
            page.offResponse(onResponse);
            page.offRequest(onRequest);
            page.offRequestFinished(onRequestDone);
            page.offRequestFailed(onRequestDone);
            page.offDialog(onDialog);
        }

        /** The first goods answer (not a CORS preflight), as the original's listener takes it. */
        private void response(Response response) {
            if (captured == null
                    && response.url().contains(apiPath)
                    && !"OPTIONS".equals(response.request().method())) {
                captured = response;
            }
        }

        boolean quietFor(long millis) {
            return requestsInFlight == 0 && (System.nanoTime() - lastActivityNanos) / 1_000_000 >= millis;
        }

        /**
         * The captured answer with its body, or null; a body the browser no longer holds is left out.
         *
         * @throws ScanException {@link FailureKind#UPSTREAM} when the body is over the browser's body limit
         */
        ProductPage.Answer answer(BrowserPool browser) throws ScanException {
            if (captured == null) {
                return null;
            }
            String body;
            try {
                body = browser.bodyText(captured);
            } catch (PlaywrightException e) {
                body = null;
            }
            return new ProductPage.Answer(
                    captured.url(), captured.status(), captured.headerValue("content-type"), body);
        }
    }
}
