package io.productscanner.runtime.cli;

import io.productscanner.runtime.config.Settings;
import java.io.PrintStream;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every command gets from the {@code product-scanner} command line it runs in: the settings (environment
 * variables, read once, after parsing: {@code --help} reads none) and where to print. The root command provides
 * it; a command finds it through its picocli {@link CommandSpec}.
 */
public interface CliContext {
    Settings settings();

    PrintStream out();

    PrintStream err();

    /** Whether standard output is a terminal (progress redrawn in place) rather than a pipe or a file. */
    boolean interactive();

    /** The context of the command line {@code spec} belongs to. */
    static CliContext of(CommandSpec spec) {
        return (CliContext) spec.root().userObject();
    }
}
