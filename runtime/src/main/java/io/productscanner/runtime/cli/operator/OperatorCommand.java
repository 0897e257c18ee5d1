package io.productscanner.runtime.cli.operator;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Option;

/** An operator command: a table for people, {@code --json} for scripts. */
abstract class OperatorCommand extends ApiCommand {
    @Option(names = "--json", description = "Print the API's answer as JSON instead of a table.")
    boolean json;

    /** Prints {@code data} as JSON with {@code --json}, else as the command's text. */
    void print(JsonNode data, Runnable text) {
        if (json) {
            terminal().json(data);
        } else {
            text.run();
        }
    }
}
