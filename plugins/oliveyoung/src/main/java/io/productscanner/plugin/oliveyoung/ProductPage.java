package io.productscanner.plugin.oliveyoung;

import java.util.List;

/**
 * What the product page showed, read from the DOM in one pass.
 *
 * @param status        HTTP status of the document
 * @param landedUrl     where the document came from after redirects
 * @param name          first name candidate long enough, or null
 * @param brand         first brand candidate, or null
 * @param thumbnails    {@code src} of every thumbnail candidate, in selector order
 * @param priceText     text of the first price block, or null
 * @param buttonTexts   texts of the purchase buttons
 * @param notFoundText  the not-found message the page shows, or null
 */
record ProductPage(int status, String landedUrl, String name, String brand, List<String> thumbnails,
                   String priceText, List<String> buttonTexts, String notFoundText) {
    ProductPage {
        thumbnails = List.copyOf(thumbnails);
        buttonTexts = List.copyOf(buttonTexts);
    }
}
