package io.productscanner.plugin.ably;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.WaitUntilState;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.ScanException;
import io.productscanner.support.browser.BrowserPool;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Scans one ably product: opens its mobile page and captures the goods answer the page fetches for itself
 * (waiting up to {@code API_WAIT_MS}), then reads the page's own data for the fallbacks.
 */
final class AblyScanner implements ProductScanner {
    private static final String READ_PAGE = """
            () => {
              const meta = (p) => document.querySelector(`meta[property="${p}"]`)?.getAttribute('content') ?? null;
              return {
                nextData: document.getElementById('__NEXT_DATA__')?.textContent ?? null,
                ogTitle: meta('og:title'),
                ogImage: meta('og:image'),
                body: document.body ? document.body.innerText : ''
              };
            }""";

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
        String productId = AblyUrls.requireProductId(productUrl);
        String apiPath = config.apiPath(productId);
        return browser.withPage(page -> {
            AtomicReference<Response> answer = new AtomicReference<>();
            Consumer<Response> capture = response -> {
                if (apiPath.equals(URI.create(response.url()).getPath())) {
                    answer.compareAndSet(null, response);
                }
            };
            page.onResponse(capture);
            try {
                long started = System.nanoTime();
                page.navigate(config.pageUrl(productId),
                        new Page.NavigateOptions().setWaitUntil(WaitUntilState.DOMCONTENTLOADED));
                String landedUrl = browser.landedUrl(page);
                if (!config.landedOffSale(landedUrl)) {
                    awaitAnswer(page, answer, started);
                }
                return reader.read(productId, readPage(page, landedUrl, answer.get()), Instant.now());
            } finally {
                page.offResponse(capture);
            }
        });
    }

    /** Waits for the page's own goods request, within what is left of the budget; none in time means fall back. */
    private void awaitAnswer(Page page, AtomicReference<Response> answer, long startedNanos) {
        long leftMs = config.apiWait().toMillis() - (System.nanoTime() - startedNanos) / 1_000_000;
        if (answer.get() != null || leftMs <= 0) {
            return;
        }
        try {
            page.waitForCondition(() -> answer.get() != null, new Page.WaitForConditionOptions().setTimeout(leftMs));
        } catch (TimeoutError e) {
            // no answer: __NEXT_DATA__ and og: meta are read instead
        }
    }

    @SuppressWarnings("unchecked")
    private static ProductPage readPage(Page page, String landedUrl, Response answer) {
        Map<String, Object> seen = (Map<String, Object>) page.evaluate(READ_PAGE);
        int apiStatus = answer == null ? 0 : answer.status();
        String apiBody = answer != null && apiStatus >= 200 && apiStatus < 300 ? answer.text() : null;
        return new ProductPage(landedUrl, apiStatus, apiBody, (String) seen.get("nextData"),
                (String) seen.get("ogTitle"), (String) seen.get("ogImage"), (String) seen.get("body"));
    }

    @Override
    public void close() {
        browser.close();
    }
}
