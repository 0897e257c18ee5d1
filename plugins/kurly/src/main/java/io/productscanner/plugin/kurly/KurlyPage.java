package io.productscanner.plugin.kurly;

/**
 * What a kurly product page gave.
 *
 * @param url        the page's URL
 * @param httpStatus HTTP status of its document
 * @param nextData   text of its {@code __NEXT_DATA__} script, or null when it has none
 * @param ogTitle    content of its {@code og:title}, or null
 * @param ogImage    content of its {@code og:image}, or null
 */
record KurlyPage(String url, int httpStatus, String nextData, String ogTitle, String ogImage) {}
