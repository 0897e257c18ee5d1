package io.productscanner.support.browser;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.ScreenshotScale;
import io.productscanner.spi.ScanEvidence;
import io.productscanner.spi.ScanException;

/**
 * What a page showed when a plugin could not read it: its HTML as the browser holds it now (after scripts ran) and a
 * screenshot of the viewport, attached to the failure so whoever fixes a selector sees the page. Capturing never
 * fails a scan: what cannot be taken within a few seconds is left out, and HTML longer than the limit is cut there
 * inside the page, so a huge document never crosses into the scanner whole.
 */
public final class PageEvidence {
    private static final double CAPTURE_TIMEOUT_MS = 5_000;
    // the page's HTML when it is at most `max` characters long, else its first `max` characters
    private static final String BOUNDED_HTML = """
            max => {
              const html = (document.doctype ? new XMLSerializer().serializeToString(document.doctype) : '')
                + document.documentElement.outerHTML;
              return html.length <= max ? html : html.slice(0, max);
            }""";

    private PageEvidence() {}

    /**
     * Attaches the page's HTML and a screenshot to {@code failure}, beside what the plugin attached itself (an API
     * answer it captured, say); nothing when a page is attached already. The HTML is cut after {@code maxChars}
     * characters.
     */
    public static ScanException attach(ScanException failure, Page page, long maxChars) {
        boolean attached =
                failure.evidence().stream().anyMatch(item -> item.name().equals("page.html"));
        if (attached || page == null || page.isClosed()) {
            return failure;
        }
        String url = page.url();
        try {
            String html = (String) page.evaluate(BOUNDED_HTML, (int) Math.min(Integer.MAX_VALUE, maxChars));
            failure.withEvidence(ScanEvidence.text("page.html", "text/html; charset=utf-8", url, html));
        } catch (PlaywrightException e) {
            failure.addSuppressed(e);
        }
        try {
            byte[] png = page.screenshot(
                    new Page.ScreenshotOptions().setScale(ScreenshotScale.CSS).setTimeout(CAPTURE_TIMEOUT_MS));
            failure.withEvidence(new ScanEvidence("screenshot.png", "image/png", url, png));
        } catch (PlaywrightException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }
}
