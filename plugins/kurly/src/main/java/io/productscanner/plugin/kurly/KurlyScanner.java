package io.productscanner.plugin.kurly;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.WaitForSelectorState;
import com.microsoft.playwright.options.WaitUntilState;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.ScanException;
import io.productscanner.support.browser.BrowserPool;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Scans one kurly product: opens its page as a phone, waits (bounded) for the {@code __NEXT_DATA__} script and reads
 * it with the page's og: meta.
 */
final class KurlyScanner implements ProductScanner {
    private static final String READ_PAGE = """
            ([nextData, ogTitle, ogImage]) => ({
              nextData: document.querySelector(nextData)?.textContent ?? null,
              ogTitle: document.querySelector(ogTitle)?.getAttribute('content') ?? null,
              ogImage: document.querySelector(ogImage)?.getAttribute('content') ?? null
            })""";

    private final KurlyConfig config;
    private final BrowserPool browser;
    private final NextDataReader reader;

    KurlyScanner(KurlyConfig config, BrowserPool browser) {
        this.config = config;
        this.browser = browser;
        this.reader = new NextDataReader(config);
    }

    @Override
    public ProductSnapshot scan(URI productUrl) throws ScanException {
        String productId = KurlyPlugin.URLS.requireProductId(productUrl);
        String pageUrl = config.pageUrl(productId);
        return browser.withPage(page -> {
            Response response =
                    page.navigate(pageUrl, new Page.NavigateOptions().setWaitUntil(WaitUntilState.DOMCONTENTLOADED));
            if (response == null || response.status() < 400) {
                awaitNextData(page);
            }
            return reader.read(productId, readPage(page, pageUrl, response), Instant.now());
        });
    }

    /**
     * Server-rendered pages have the script already; a page still rendering gets {@code NEXT_DATA_WAIT_MS}. An error
     * document (HTTP 4xx/5xx) renders no more data later, so it is read at once.
     */
    private void awaitNextData(Page page) {
        try {
            page.waitForSelector(
                    config.nextDataSelector(),
                    new Page.WaitForSelectorOptions()
                            .setState(WaitForSelectorState.ATTACHED)
                            .setTimeout(config.nextDataWait().toMillis()));
        } catch (TimeoutError e) {
            // read what is there: the reader tells a missing product from a page that did not render
        }
    }

    @SuppressWarnings("unchecked")
    private KurlyPage readPage(Page page, String pageUrl, Response response) {
        Map<String, Object> seen = (Map<String, Object>) page.evaluate(
                READ_PAGE, List.of(config.nextDataSelector(), config.ogTitleSelector(), config.ogImageSelector()));
        return new KurlyPage(
                pageUrl,
                response == null ? 200 : response.status(),
                (String) seen.get("nextData"),
                (String) seen.get("ogTitle"),
                (String) seen.get("ogImage"));
    }

    @Override
    public void close() {
        browser.close();
    }
}
