package io.productscanner.plugin.ably;

/**
 * What the product page gave: the goods answer it fetched (if any), its {@code __NEXT_DATA__}, its og: meta and text.
 *
 * @param landedUrl    where the document came from after redirects
 * @param apiStatus    HTTP status of the captured goods answer, or 0 when none came in time
 * @param apiBody      its body, or null
 * @param nextData     text of {@code <script id="__NEXT_DATA__">}, or null
 * @param ogTitle      {@code og:title}, or null
 * @param ogImage      {@code og:image}, or null
 * @param bodyText     the page's visible text
 */
record ProductPage(String landedUrl, int apiStatus, String apiBody, String nextData, String ogTitle, String ogImage,
                   String bodyText) {
}
