package io.productscanner.plugin.kurly;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.WaitUntilState;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.ScanException;
import io.productscanner.support.browser.BrowserPool;

import java.net.URI;
import java.time.Instant;

/** Scans one kurly product: opens its page and reads the {@code __NEXT_DATA__} the server rendered into it. */
final class KurlyScanner implements ProductScanner {
    private static final String NEXT_DATA_SCRIPT =
            "() => { const s = document.getElementById('__NEXT_DATA__'); return s ? s.textContent : null; }";

    private final KurlyConfig config;
    private final BrowserPool browser;
    private final NextDataReader reader = new NextDataReader();

    KurlyScanner(KurlyConfig config, BrowserPool browser) {
        this.config = config;
        this.browser = browser;
    }

    @Override
    public ProductSnapshot scan(URI productUrl) throws ScanException {
        String productId = KurlyUrls.requireProductId(productUrl);
        String pageUrl = config.pageUrl(productId);
        return browser.withPage(page -> {
            Response response = page.navigate(pageUrl,
                    new Page.NavigateOptions().setWaitUntil(WaitUntilState.DOMCONTENTLOADED));
            String nextData = (String) page.evaluate(NEXT_DATA_SCRIPT);
            return reader.read(productId, pageUrl, response == null ? 200 : response.status(), nextData,
                    Instant.now());
        });
    }

    @Override
    public void close() {
        browser.close();
    }
}
