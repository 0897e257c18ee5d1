package io.productscanner.plugin.oliveyoung;

import java.util.List;

/**
 * What the product page showed once its overlays were removed, read in one pass by {@code oliveyoung-page.js}.
 *
 * @param status           HTTP status of the document
 * @param landedUrl        where the document came from after server redirects
 * @param href             the page's own location, which a script may have changed after load
 * @param name             the first name candidate long enough and not a message, or null
 * @param brand            the first brand candidate, or null
 * @param thumbnail        the first image src on the image host holding a product number, or null
 * @param priceText        text of the price block, or null
 * @param buttons          every button with text, in page order
 * @param messages         the configured not-found and off-sale messages found in the page text
 * @param errorPageElement an error page element is present
 * @param buyElement       a buy or basket element is present
 * @param restockElement   a restock (notify me) element is present
 * @param soldOutElement   a sold-out element is present
 * @param priceElement     a price element is present
 */
record ProductPage(
        int status,
        String landedUrl,
        String href,
        String name,
        String brand,
        String thumbnail,
        String priceText,
        List<Button> buttons,
        List<String> messages,
        boolean errorPageElement,
        boolean buyElement,
        boolean restockElement,
        boolean soldOutElement,
        boolean priceElement) {
    ProductPage {
        buttons = List.copyOf(buttons);
        messages = List.copyOf(messages);
    }

    /** A button's trimmed text and whether it is shown (a box of some size, not visibility:hidden). */
    record Button(String text, boolean visible) {}
}
