package io.productscanner.plugin.oliveyoung;

import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import io.productscanner.spi.ScanException;
import io.productscanner.support.browser.PageFailures;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Turns what the product page showed into a snapshot, as PLATFORMS.md describes oliveyoung: a redirect to an error
 * page, a not-found message or no name is a deleted product; otherwise the purchase buttons decide the status, the
 * first configured text found winning.
 */
final class ProductPageReader {
    static final String STRATEGY = "dom";

    private final OliveyoungConfig config;

    ProductPageReader(OliveyoungConfig config) {
        this.config = config;
    }

    ProductSnapshot read(String productId, ProductPage page, Instant scannedAt) throws ScanException {
        String url = OliveyoungUrls.canonical(productId).toString();
        if (landedOnErrorPage(page.landedUrl())) {
            return ProductSnapshot.notFound(OliveyoungPlugin.ID, productId, url, "error_page", STRATEGY, scannedAt);
        }
        if (page.status() == 403 || page.status() == 429 || page.status() >= 500) {
            throw PageFailures.forStatus(page.status(), page.landedUrl());
        }
        if (page.notFoundText() != null) {
            return ProductSnapshot.notFound(OliveyoungPlugin.ID, productId, url, "not_found_message", STRATEGY,
                    scannedAt);
        }
        if (page.name() == null) {
            return ProductSnapshot.notFound(OliveyoungPlugin.ID, productId, url, "no_name", STRATEGY, scannedAt);
        }
        Map.Entry<String, SaleStatus> status = statusFromButtons(page).orElseThrow(() -> PageFailures.unreadable(
                page.landedUrl(), "no purchase button text among " + config.statusByButtonText().keySet()
                        + " (buttons: " + page.buttonTexts() + "; add it to OLIVEYOUNG_STATUS_BY_BUTTON_TEXT)"));
        Optional<PriceText> price = PriceText.parse(page.priceText());
        if (price.isEmpty() && status.getValue() == SaleStatus.ON_SALE) {
            throw PageFailures.unreadable(page.landedUrl(), "no price in '" + page.priceText() + "'");
        }
        return new ProductSnapshot(OliveyoungPlugin.ID, productId, url, page.name(), page.brand(),
                thumbnail(productId, page), price.map(PriceText::original).orElse(null),
                price.map(PriceText::sale).orElse(null), status.getValue(), status.getKey(), STRATEGY, scannedAt);
    }

    private boolean landedOnErrorPage(String landedUrl) {
        String path = URI.create(landedUrl).getPath();
        return path != null && config.errorPagePaths().stream().anyMatch(path::startsWith);
    }

    private Optional<Map.Entry<String, SaleStatus>> statusFromButtons(ProductPage page) {
        for (Map.Entry<String, SaleStatus> rule : config.statusByButtonText().entrySet()) {
            if (page.buttonTexts().stream().anyMatch(text -> text.contains(rule.getKey()))) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    /** The first candidate naming the product number, absolute and without its query (resizing parameters). */
    private static String thumbnail(String productId, ProductPage page) {
        for (String src : page.thumbnails()) {
            if (src == null || !src.contains(productId)) {
                continue;
            }
            String absolute = src.startsWith("//") ? "https:" + src : src;
            int query = absolute.indexOf('?');
            return query < 0 ? absolute : absolute.substring(0, query);
        }
        return null;
    }
}
