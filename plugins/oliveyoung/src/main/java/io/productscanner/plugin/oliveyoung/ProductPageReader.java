package io.productscanner.plugin.oliveyoung;

import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import io.productscanner.spi.ScanException;
import io.productscanner.support.browser.PageFailures;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Decides a snapshot from what the product page showed, in the original's order (OliveyoungSaleStatusExtractor's
 * eight steps and OliveyoungPlatformScanner's not-found check), except that nothing is called deleted or
 * discontinued without the platform saying so: a page that shows no name, or nothing that decides the status, is a
 * retryable parse failure. The strategy says which step decided: {@code dom;status=<step>}.
 */
final class ProductPageReader {
    static final String STRATEGY = "dom;status=";

    private final OliveyoungConfig config;

    ProductPageReader(OliveyoungConfig config) {
        this.config = config;
    }

    ProductSnapshot read(String productId, ProductPage page, Instant scannedAt) throws ScanException {
        String url = OliveyoungPlugin.URLS.canonical(productId).toString();
        OliveyoungConfig.StatusTexts texts = config.texts();
        if (landedOnErrorUrl(page)) {
            return ProductSnapshot.notFound(
                    OliveyoungPlugin.ID, productId, url, "error_page", STRATEGY + "error_url", scannedAt);
        }
        if (page.status() == 403 || page.status() == 429 || page.status() >= 500) {
            throw PageFailures.forStatus(page.status(), page.landedUrl());
        }
        if (texts.notFoundMessages().stream().anyMatch(page.messages()::contains)) {
            return ProductSnapshot.notFound(
                    OliveyoungPlugin.ID,
                    productId,
                    url,
                    "not_found_message",
                    STRATEGY + "not_found_message",
                    scannedAt);
        }
        if (page.errorPageElement()) {
            return ProductSnapshot.notFound(
                    OliveyoungPlugin.ID, productId, url, "error_title", STRATEGY + "error_title", scannedAt);
        }
        if (page.name() != null && texts.deletedNames().contains(page.name())) {
            return ProductSnapshot.notFound(
                    OliveyoungPlugin.ID, productId, url, "deleted_product", STRATEGY + "deleted_name", scannedAt);
        }
        Optional<String> saleEnded = texts.offSaleMessages().stream()
                .filter(page.messages()::contains)
                .findFirst();
        if (saleEnded.isPresent()) {
            return snapshot(productId, page, SaleStatus.OFF_SALE, saleEnded.get(), "off_sale_message", scannedAt);
        }
        if (page.name() == null) {
            throw PageFailures.unreadable(
                    page.landedUrl(),
                    "no product name from OLIVEYOUNG_NAME_SELECTORS and no "
                            + "sign that the product is gone (the page did not render within OLIVEYOUNG_RENDER_TIMEOUT_MS?)");
        }
        Optional<Map.Entry<String, SaleStatus>> byButton = statusFromButtons(page);
        if (byButton.isPresent()) {
            return snapshot(
                    productId, page, byButton.get().getValue(), byButton.get().getKey(), "button", scannedAt);
        }
        if (page.buyElement()) {
            return snapshot(productId, page, SaleStatus.ON_SALE, "buy_element", "buy_element", scannedAt);
        }
        if (page.restockElement()) {
            // the original's OutOfStock, as for 일시품절
            return snapshot(productId, page, SaleStatus.SOLD_OUT, "restock", "restock", scannedAt);
        }
        if (page.soldOutElement()) {
            return snapshot(productId, page, SaleStatus.SOLD_OUT, "soldout_element", "soldout_element", scannedAt);
        }
        if (page.priceElement()) {
            return snapshot(productId, page, SaleStatus.ON_SALE, "price_shown", "price_shown", scannedAt);
        }
        throw PageFailures.unreadable(
                page.landedUrl(),
                "nothing decides the status: no button text among "
                        + texts.statusByButtonText().keySet() + " (buttons: "
                        + page.buttons().stream().map(ProductPage.Button::text).toList()
                        + "), no buy, restock or sold-out element and no price");
    }

    private ProductSnapshot snapshot(
            String productId, ProductPage page, SaleStatus status, String rawStatus, String step, Instant scannedAt) {
        Optional<PriceText> price = PriceText.parse(page.priceText());
        return ProductSnapshot.builder(OliveyoungPlugin.ID, productId)
                .url(OliveyoungPlugin.URLS.canonical(productId).toString())
                .productName(page.name())
                .brand(page.brand())
                .thumbnail(thumbnail(page.thumbnail()))
                .originalPrice(price.map(PriceText::original).orElse(null))
                .discountedPrice(price.map(PriceText::sale).orElse(null))
                .saleStatus(status)
                .rawStatus(rawStatus)
                .strategy(STRATEGY + step)
                .scannedAt(scannedAt)
                .build();
    }

    private boolean landedOnErrorUrl(ProductPage page) {
        return isErrorUrl(page.landedUrl()) || isErrorUrl(page.href());
    }

    /** A URL the original knows a deleted product lands on (ERROR_URL_PATTERNS). */
    boolean isErrorUrl(String url) {
        return url != null && config.texts().errorUrlPatterns().stream().anyMatch(url::contains);
    }

    /**
     * Every button in page order, each by the first configured text it contains; the first visible match wins, else
     * the first hidden one.
     */
    private Optional<Map.Entry<String, SaleStatus>> statusFromButtons(ProductPage page) {
        Map.Entry<String, SaleStatus> hiddenMatch = null;
        for (ProductPage.Button button : page.buttons()) {
            Optional<Map.Entry<String, SaleStatus>> match = config.texts().statusByButtonText().entrySet().stream()
                    .filter(rule -> button.text().contains(rule.getKey()))
                    .findFirst();
            if (match.isEmpty()) {
                continue;
            }
            if (button.visible()) {
                return match;
            }
            if (hiddenMatch == null) {
                hiddenMatch = match.get();
            }
        }
        return Optional.ofNullable(hiddenMatch);
    }

    /** Absolute and without its query (resizing parameters). */
    private static String thumbnail(String src) {
        if (src == null) {
            return null;
        }
        String absolute = src.startsWith("//") ? "https:" + src : src;
        int query = absolute.indexOf('?');
        return query < 0 ? absolute : absolute.substring(0, query);
    }
}
