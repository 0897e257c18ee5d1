package io.productscanner.runtime;

import io.productscanner.runtime.cli.operator.Terminal;
import io.productscanner.runtime.config.Settings;

/** The {@code product-scanner} command line: {@link ProductScannerCommand} on this process's streams. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(ProductScannerCommand.run(
                args, Settings::fromEnvironment, System.out, System.err, Terminal.stdoutIsTerminal()));
    }
}
