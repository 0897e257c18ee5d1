package io.productscanner.plugin.oliveyoung;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
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
 * Scans one oliveyoung product on its mobile page (desktop URLs are rewritten to it). When the site answers the
 * mobile agent with its desktop layout, the page is reloaded once; the selector fallbacks read either layout.
 */
final class OliveyoungScanner implements ProductScanner {
    private static final System.Logger LOG = System.getLogger(OliveyoungScanner.class.getName());

    /** Reads every candidate in one evaluation; the selectors come from the configuration. */
    private static final String READ_PAGE = """
            (cfg) => {
              const texts = (selectors) => selectors.flatMap(s => Array.from(document.querySelectorAll(s)))
                  .map(el => (el.textContent || '').replace(/\\s+/g, ' ').trim());
              const name = texts(cfg.name).find(t => t.length >= cfg.nameMinLength) ?? null;
              const brand = texts(cfg.brand).find(t => t.length > 0) ?? null;
              const price = texts(cfg.price).find(t => t.length > 0) ?? null;
              const thumbnails = cfg.thumbnail.flatMap(s => Array.from(document.querySelectorAll(s)))
                  .map(el => el.getAttribute('src') || el.getAttribute('data-src') || '');
              const body = document.body ? document.body.innerText : '';
              const notFound = cfg.notFound.find(t => body.includes(t)) ?? null;
              return {name, brand, price, thumbnails, buttons: texts(cfg.buttons), notFound};
            }""";

    private final OliveyoungConfig config;
    private final BrowserPool browser;
    private final ProductPageReader reader;
    private final Map<String, Object> readArguments;

    OliveyoungScanner(OliveyoungConfig config, BrowserPool browser) {
        this.config = config;
        this.browser = browser;
        this.reader = new ProductPageReader(config);
        this.readArguments = Map.of(
                "name", config.nameSelectors(),
                "nameMinLength", config.nameMinLength(),
                "brand", config.brandSelectors(),
                "price", config.priceSelectors(),
                "thumbnail", config.thumbnailSelectors(),
                "buttons", config.buttonSelectors(),
                "notFound", config.notFoundTexts());
    }

    @Override
    public ProductSnapshot scan(URI productUrl) throws ScanException {
        String productId = OliveyoungUrls.requireProductId(productUrl);
        String pageUrl = config.pageUrl(productId);
        return browser.withPage(page -> {
            Response response = page.navigate(pageUrl, domReady());
            if (page.querySelector(config.desktopLayoutSelector()) != null) {
                LOG.log(System.Logger.Level.INFO, "event=oliveyoung.desktop_layout platform=oliveyoung product_id="
                        + productId + " action=reload");
                response = page.reload(new Page.ReloadOptions().setWaitUntil(WaitUntilState.DOMCONTENTLOADED));
            }
            return reader.read(productId, readPage(page, response), Instant.now());
        });
    }

    @SuppressWarnings("unchecked")
    private ProductPage readPage(Page page, Response response) {
        Map<String, Object> seen = (Map<String, Object>) page.evaluate(READ_PAGE, readArguments);
        return new ProductPage(response == null ? 200 : response.status(), browser.landedUrl(page),
                (String) seen.get("name"), (String) seen.get("brand"), (List<String>) seen.get("thumbnails"),
                (String) seen.get("price"), (List<String>) seen.get("buttons"), (String) seen.get("notFound"));
    }

    private static Page.NavigateOptions domReady() {
        return new Page.NavigateOptions().setWaitUntil(WaitUntilState.DOMCONTENTLOADED);
    }

    @Override
    public void close() {
        browser.close();
    }
}
