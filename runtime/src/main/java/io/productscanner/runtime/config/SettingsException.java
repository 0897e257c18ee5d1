package io.productscanner.runtime.config;

/** A setting is missing or malformed; start-up stops with this message. */
public final class SettingsException extends RuntimeException {
    public SettingsException(String message) {
        super(message);
    }
}
