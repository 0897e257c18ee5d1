package io.productscanner.spi;

import java.util.Locale;

/** Why a scan produced no snapshot, and whether trying again may help. */
public enum FailureKind {
    /** The site refused us (403, 429, captcha): back off, then retry. */
    BLOCKED(true),
    /** No answer in time. */
    TIMEOUT(true),
    /** Connection refused, reset, DNS failure. */
    NETWORK(true),
    /**
     * The answer arrived but the plugin could not read it: a page that did not finish rendering, or markup that
     * drifted. A later try may read it; the evidence shows which. Never a reason to write to the catalog.
     */
    PARSE(true),
    /** The URL is not a product URL of this platform. */
    INVALID_URL(false),
    /** The platform answered with an error we cannot interpret (e.g. HTTP 400), or an answer over the size limit. */
    UPSTREAM(false),
    /**
     * The site (a URL, a redirect, or something its page loaded) led to a destination the scanners refuse: an
     * internal address (loopback, private, link-local, cloud metadata...) or a redirect from https down to http.
     */
    FORBIDDEN_DESTINATION(false);

    private final boolean retryable;

    FailureKind(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
