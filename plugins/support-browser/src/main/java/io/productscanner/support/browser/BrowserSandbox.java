package io.productscanner.support.browser;

import java.util.Locale;

/**
 * Whether Chromium runs in its own sandbox ({@code BROWSER_SANDBOX}). Its renderers parse whatever a site sends,
 * so the sandbox is the default wherever it can run: Chromium refuses it as root, and needs user namespaces that a
 * kernel or a container's seccomp profile may forbid.
 */
public enum BrowserSandbox {
    /** Sandboxed when Chromium starts so; otherwise without, with a warning saying why and how to fix it. */
    AUTO,
    /** Sandboxed, or no browser at all. */
    ON,
    /** Never sandboxed ({@code --no-sandbox}), e.g. where it is known not to work. */
    OFF;

    /** The process-wide setting's name. */
    public static final String SETTING = "BROWSER_SANDBOX";

    /**
     * {@code auto}, {@code on} or {@code off}, any case; blank is {@code auto}.
     *
     * @throws IllegalArgumentException naming the setting for anything else
     */
    public static BrowserSandbox parse(String value) {
        String mode = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "", "auto" -> AUTO;
            case "on", "true" -> ON;
            case "off", "false" -> OFF;
            default -> throw new IllegalArgumentException(SETTING + " must be auto, on or off, was '" + value + "'");
        };
    }
}
