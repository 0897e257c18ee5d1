package io.productscanner.runtime.cli.operator;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** What every operator command shares: the API, the terminal, and {@code --json}. */
abstract class OperatorCommand implements Callable<Integer> {
    @ParentCommand
    private OperatorCli cli;

    @Option(names = "--json", description = "Print the API's answer as JSON instead of a table.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    ApiClient api() {
        return cli.api();
    }

    Terminal terminal() {
        return cli.terminal();
    }

    /** Prints {@code data} as JSON with {@code --json}, else as the command's text. */
    void print(JsonNode data, Runnable text) {
        if (json) {
            terminal().json(data);
        } else {
            text.run();
        }
    }

    @Override
    public final Integer call() {
        return run();
    }

    abstract int run();
}
