package io.productscanner.runtime.cli;

/**
 * A top-level command another module adds to {@code product-scanner}, found with {@link java.util.ServiceLoader}:
 * the tools module's {@code bench} and {@code mirror}. An implementation is a picocli {@code @Command} object; a
 * distribution without the module (a production image) simply has no such command.
 */
public interface CommandExtension {}
