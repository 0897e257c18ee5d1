package io.productscanner.runtime.cli.operator;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Set;

/**
 * The operator's commands, each one or a few calls to the API at {@code API_URL} with {@code API_TOKEN}:
 * {@code running}, {@code status}, {@code submit}, {@code cancel}, {@code workers}, {@code plugins},
 * {@code results}. Tables on standard output, {@code --json} for scripts, errors on standard error with an exit
 * code from {@link CliFailure}.
 */
@Command(name = "product-scanner", synopsisSubcommandLabel = "COMMAND",
        description = "Operator commands, talking to the API at API_URL (with API_TOKEN when it needs one).",
        subcommands = {RunningCommand.class, StatusCommand.class, SubmitCommand.class, CancelCommand.class,
                WorkersCommand.class, PluginsCommand.class, ResultsCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (a waited-for job completed)", "1:the API refused the request (bad job id, bad "
                + "parameter, job already ended)", "2:wrong command line", "3:the API cannot be reached",
                "4:the API wants a token (API_TOKEN) or refused it", "5:a waited-for job failed or was cancelled"})
public final class OperatorCli {
    /** The first words Main hands to this class. */
    public static final Set<String> COMMANDS = Set.of("running", "status", "submit", "cancel", "workers", "plugins",
            "results");

    private final ApiClient api;
    private final Terminal terminal;

    private OperatorCli(ApiClient api, Terminal terminal) {
        this.api = api;
        this.terminal = terminal;
    }

    /** Runs {@code args} (command first) and returns the exit code. */
    public static int run(ClientConfig client, String[] args, PrintStream out, PrintStream err) {
        return run(client, args, out, err, Terminal.stdoutIsTerminal());
    }

    static int run(ClientConfig client, String[] args, PrintStream out, PrintStream err, boolean interactive) {
        try (ApiClient api = new ApiClient(client.apiUrl(), client.apiToken())) {
            CommandLine commandLine = new CommandLine(new OperatorCli(api, new Terminal(out, interactive)))
                    .setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(err, true))
                    .setExecutionExceptionHandler((e, command, parsed) -> {
                        if (e instanceof CliFailure failure) {
                            out.flush();
                            err.println("product-scanner " + command.getCommandName() + ": " + failure.getMessage());
                            return failure.exitCode();
                        }
                        throw e;
                    });
            return commandLine.execute(args);
        }
    }

    ApiClient api() {
        return api;
    }

    Terminal terminal() {
        return terminal;
    }
}
