package io.productscanner.runtime;

import io.productscanner.runtime.cli.CliContext;
import io.productscanner.runtime.cli.CliFailure;
import io.productscanner.runtime.cli.CommandExtension;
import io.productscanner.runtime.cli.CommandGroup;
import io.productscanner.runtime.cli.CompletionCommand;
import io.productscanner.runtime.cli.ScanCommand;
import io.productscanner.runtime.cli.operator.CancelCommand;
import io.productscanner.runtime.cli.operator.PluginsCommand;
import io.productscanner.runtime.cli.operator.QueuesCommand;
import io.productscanner.runtime.cli.operator.ResultsCommand;
import io.productscanner.runtime.cli.operator.RunningCommand;
import io.productscanner.runtime.cli.operator.SchedulesCommand;
import io.productscanner.runtime.cli.operator.StatusCommand;
import io.productscanner.runtime.cli.operator.SubmitCommand;
import io.productscanner.runtime.cli.operator.WorkersCommand;
import io.productscanner.runtime.config.Setting;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.config.SettingsException;
import io.productscanner.runtime.logging.LogSetup;
import io.productscanner.runtime.logging.LoggingConfig;
import io.productscanner.runtime.plugin.PluginException;
import io.productscanner.runtime.tracing.Tracing;
import io.productscanner.runtime.tracing.TracingSetup;
import io.productscanner.runtime.version.ProductVersion;
import io.productscanner.runtime.workflow.WorkflowException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code product-scanner}: the one command line, on picocli. Every command and subcommand answers {@code --help} and
 * {@code --version} (inherited from here) without reading settings or starting anything; the settings are read and
 * logging set up only once a command is about to run. The tools module's commands ({@code bench}, {@code mirror})
 * join as {@link CommandExtension}s where it is installed. Exit codes are those of {@link CliFailure}.
 */
@Command(
        name = "product-scanner",
        synopsisSubcommandLabel = "COMMAND",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = ProductScannerCommand.Version.class,
        synopsisHeading = "usage: ",
        sortOptions = false,
        sortSynopsis = false,
        description = "Keeps a product catalog true to what the shopping platforms show. Settings are environment "
                + "variables (PORT, REDIS_URL, WORKER_PLATFORMS, API_URL, API_TOKEN, ...; docs/CONFIGURATION.md); the "
                + "commands, exit codes and completion: docs/CLI.md.",
        subcommands = {
            ProcessCommand.Serve.class,
            ProcessCommand.Api.class,
            ProcessCommand.Worker.class,
            ScanCommand.class,
            RunningCommand.class,
            StatusCommand.class,
            SubmitCommand.class,
            CancelCommand.class,
            WorkersCommand.class,
            PluginsCommand.class,
            ResultsCommand.class,
            SchedulesCommand.class,
            QueuesCommand.class,
            CompletionCommand.class,
            HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done (a waited-for job completed)",
            "1:failed: the API refused the request (bad job id "
                    + "or parameter, job already ended), a scan or benchmark failed, a setting is wrong",
            "2:wrong command line (unknown command or option, missing or bad value)",
            "3:the API cannot be reached (API_URL)",
            "4:the API wants a token (API_TOKEN) or refused it",
            "5:a waited-for job failed or was cancelled"
        })
public final class ProductScannerCommand implements Callable<Integer>, CliContext {
    private final Supplier<Settings> settingsSource;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;

    @Spec
    private CommandSpec spec;

    private Settings settings;

    private ProductScannerCommand(
            Supplier<Settings> settingsSource, PrintStream out, PrintStream err, boolean interactive) {
        this.settingsSource = settingsSource;
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    /** {@code --version}: the build, as {@link ProductVersion} describes it. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"product-scanner " + ProductVersion.current().describe()};
        }
    }

    /**
     * The command line with every command this installation has: the runtime's, then the extensions found on the
     * module path, by name.
     */
    public static CommandLine commandLine(
            Supplier<Settings> settings, PrintStream out, PrintStream err, boolean interactive) {
        ProductScannerCommand root = new ProductScannerCommand(settings, out, err, interactive);
        CommandLine commandLine = new CommandLine(root);
        List<Object> extensions = ServiceLoader.load(CommandExtension.class).stream()
                .<Object>map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(extension ->
                        extension.getClass().getAnnotation(Command.class).name()))
                .toList();
        extensions.forEach(commandLine::addSubcommand);
        // set after every command is added: picocli hands these to the commands there are at the time
        return commandLine
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                // an argument such as @daily is an argument, not a file of arguments
                .setExpandAtFiles(false)
                .setExecutionStrategy(root::execute)
                .setParameterExceptionHandler(root::usageError)
                .setExecutionExceptionHandler((e, command, parsed) -> root.failure(e, command));
    }

    /** Runs {@code args} with the settings {@code settings} reads when a command needs them; returns the exit code. */
    public static int run(
            String[] args, Supplier<Settings> settings, PrintStream out, PrintStream err, boolean interactive) {
        return commandLine(settings, out, err, interactive).execute(args);
    }

    /** No command named: the usage, as a wrong command line. */
    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(),
                "name a command: " + String.join(", ", spec.subcommands().keySet()));
    }

    /**
     * Help and version first (nothing read, nothing started); otherwise the settings are read and logging set up
     * for the command, then it runs: the process commands log at {@code LOG_LEVEL} on stdout, every other command
     * only warnings, on stderr, so its stdout holds only its answer.
     */
    private int execute(ParseResult parsed) {
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        List<CommandLine> invoked = parsed.asCommandLineList();
        CommandLine command = invoked.getLast();
        Object leaf = command.getCommand();
        // these only print what the command line is: no settings, no logging
        boolean describesCommands = leaf instanceof ProductScannerCommand
                || leaf instanceof CommandGroup
                || leaf instanceof CompletionCommand
                || leaf instanceof HelpCommand;
        if (describesCommands) {
            return new CommandLine.RunLast().execute(parsed);
        }
        Tracing tracing;
        try {
            Settings current = settings();
            boolean quiet = !(leaf instanceof ProcessCommand);
            LogSetup.configure(LoggingConfig.from(current, quiet), quiet);
            // before the command creates anything that makes spans; closed once it has stopped, which exports the rest
            tracing = TracingSetup.install(current, current.string(Setting.SERVICE_NAME));
        } catch (RuntimeException e) {
            return failure(e, command);
        }
        try (tracing) {
            return new CommandLine.RunLast().execute(parsed);
        }
    }

    /** A wrong command line: what is wrong, the command's synopsis (and commands), exit 2. */
    private int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        err.println(message(e));
        UnmatchedArgumentException.printSuggestions(e, new PrintWriter(err, true));
        CommandLine.Help help = command.getHelp();
        err.print(help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength()));
        if (!command.getSubcommands().isEmpty()) {
            err.print(help.commandListHeading() + help.commandList());
        }
        err.println("see '" + command.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return CliFailure.USAGE;
    }

    private static String message(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched
                && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().getFirst();
            if (first.startsWith("-")) {
                return "unknown option '" + first + "'";
            }
            return e.getCommandLine().getSubcommands().isEmpty()
                    ? "unexpected argument '" + first + "'"
                    : "unknown command '" + first + "'";
        }
        return e.getMessage();
    }

    /** A command that failed: its message and the exit code of its kind. */
    private int failure(Exception e, CommandLine command) {
        out.flush();
        if (e instanceof CliFailure failure) {
            err.println(command.getCommandSpec().qualifiedName() + ": " + failure.getMessage());
            return failure.exitCode();
        }
        if (e instanceof SettingsException
                || e instanceof PluginException
                || e instanceof WorkflowException
                || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException) {
            err.println("product-scanner: " + e.getMessage());
        } else {
            err.println("product-scanner: " + e);
        }
        return CliFailure.FAILED;
    }

    /** Read on first use, once: a command's help never gets here. */
    @Override
    public Settings settings() {
        if (settings == null) {
            settings = settingsSource.get();
        }
        return settings;
    }

    @Override
    public PrintStream out() {
        return out;
    }

    @Override
    public PrintStream err() {
        return err;
    }

    @Override
    public boolean interactive() {
        return interactive;
    }
}
