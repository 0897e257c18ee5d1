package io.productscanner.runtime.plugin;

/** A plugin cannot be loaded or selected; start-up stops with this message. */
public final class PluginException extends RuntimeException {
    public PluginException(String message) {
        super(message);
    }
}
