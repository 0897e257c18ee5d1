package io.productscanner.support.browser;

import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ScanException;

/** Turns what a page showed into typed scan failures, the way support-http does for API answers. */
public final class PageFailures {
    private PageFailures() {}

    /**
     * The failure for a document answered with an error status: 403 and 429 are {@link FailureKind#BLOCKED}, 408
     * and 5xx {@link FailureKind#UPSTREAM}-side trouble worth a retry ({@link FailureKind#NETWORK}), anything else
     * {@link FailureKind#UPSTREAM}.
     */
    public static ScanException forStatus(int status, String url) {
        String message = "HTTP " + status + " for " + url;
        if (status == 403 || status == 429) {
            return new ScanException(FailureKind.BLOCKED, message + " (refused; back off and retry)");
        }
        if (status == 408 || status >= 500) {
            return new ScanException(FailureKind.NETWORK, message);
        }
        return new ScanException(FailureKind.UPSTREAM, message);
    }

    /** The page did not hold what the plugin reads. */
    public static ScanException unreadable(String url, String what) {
        return new ScanException(FailureKind.PARSE, "cannot read " + url + ": " + what);
    }
}
