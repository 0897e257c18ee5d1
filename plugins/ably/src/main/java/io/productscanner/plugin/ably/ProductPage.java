package io.productscanner.plugin.ably;

import java.util.List;

/**
 * What the product page gave: where it went if it left the product, the goods answer it fetched (if any), its
 * {@code __NEXT_DATA__}, og: meta, visible text and alerts.
 *
 * @param url       the product page's URL
 * @param leftFor   the URL the page left the product for (a redirect, also one made by a script), or null
 * @param answer    the goods answer the page received, or null when none came in time
 * @param nextData  text of {@code <script id="__NEXT_DATA__">}, or null
 * @param ogTitle   {@code og:title}, or null
 * @param ogImage   {@code og:image}, or null
 * @param bodyText  the page's visible text
 * @param dialogs   messages of the alerts and confirms the page showed, in order
 */
record ProductPage(
        String url,
        String leftFor,
        Answer answer,
        String nextData,
        String ogTitle,
        String ogImage,
        String bodyText,
        List<String> dialogs) {
    ProductPage {
        dialogs = List.copyOf(dialogs);
    }

    /**
     * The goods answer as the page received it.
     *
     * @param url         where it came from
     * @param httpStatus  its status
     * @param contentType its media type, or null
     * @param body        its body, or null when it could not be read
     */
    record Answer(String url, int httpStatus, String contentType, String body) {}
}
