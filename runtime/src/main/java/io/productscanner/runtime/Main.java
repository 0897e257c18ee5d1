package io.productscanner.runtime;

import io.helidon.logging.common.LogConfig;
import io.productscanner.runtime.cli.BenchMemoryCommand;
import io.productscanner.runtime.cli.BenchQueueCommand;
import io.productscanner.runtime.cli.BenchScanCommand;
import io.productscanner.runtime.cli.BenchSoakCommand;
import io.productscanner.runtime.cli.BenchRecoveryCommand;
import io.productscanner.runtime.cli.BenchStartupCommand;
import io.productscanner.runtime.cli.BenchWaitCommand;
import io.productscanner.runtime.cli.MirrorCommand;
import io.productscanner.runtime.cli.ScanCommand;
import io.productscanner.runtime.cli.ScheduleCommand;
import io.productscanner.runtime.cli.operator.ClientConfig;
import io.productscanner.runtime.cli.operator.OperatorCli;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.config.SettingsException;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.logging.LoggingConfig;
import io.productscanner.runtime.logging.StructuredLogFormatter;
import io.productscanner.runtime.plugin.PluginException;
import io.productscanner.runtime.workflow.WorkflowException;

import sun.misc.Signal;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The {@code product-scanner} command line. */
public final class Main {
    private static final System.Logger LOG = System.getLogger(Main.class.getName());
    private static final String USAGE = """
            usage: product-scanner <command>
              serve         API and workers for every plugin in one process (embedded Redis unless REDIS_URL/REDIS_HOST)
              api           the API server only
              worker        workers only, for WORKER_PLATFORMS
              scan <url>    scan one product in this process and print its snapshot as JSON
              mirror        serve recorded fixtures on loopback [--dir fixtures/mirror] [--port 8089]
              schedules     list | show ID | create FILE | replace ID FILE | pause ID | resume ID | run-now ID | delete ID
              running       running jobs and queue depths, from the API at API_URL (with API_TOKEN)
              status ID     a job's status and progress [--follow]
              submit WF     queue a workflow run [--param k=v ...] [--priority N] [--wait]
              cancel ID     cancel a job
              workers       live processes from their heartbeats
              plugins       platform plugins the API loaded
              results ID    a job's results [--format table|jsonl|csv]
                            (every one of these takes --json and --help)
              bench wait    measure enqueue -> start of an idle worker [--jobs 200] [--redis-url URL]
              bench queue   queue throughput: --jobs N --platforms P [--workers W] [--payload-bytes B] [--redis-url URL]
              bench scan    scan throughput of one plugin against the recorded fixtures:
                            --platform P [--products N] [--pacing default|off] [--fixtures DIR] [--urls FILE]
              bench soak    N products through one scanner against the mirror: --platform P --products N
              bench recovery  kill -9 a worker mid-job, time until the job runs again [--runs 3]
              bench memory  idle and busy RSS of a worker process [--platform musinsa] [--jobs 20]
              bench startup process start to ready, API and worker [--runs 5]
            settings are environment variables: PORT, REDIS_URL, WORKER_PLATFORMS, PLUGIN_DIR, WORKFLOWS_DIR, ...
            (see docs/CONFIGURATION.md)""";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            Settings settings = Settings.fromEnvironment();
            boolean quiet = command.equals("scan") || command.equals("bench") || command.equals("schedules")
                    || OperatorCli.COMMANDS.contains(command);
            configureLogging(LoggingConfig.from(settings, quiet), quiet);
            if (OperatorCli.COMMANDS.contains(command)) {
                return OperatorCli.run(ClientConfig.from(settings), args, System.out, System.err);
            }
            return switch (command) {
                case "serve" -> runUntilStopped(settings, ScannerProcess.Role.ALL);
                case "api" -> runUntilStopped(settings, ScannerProcess.Role.API);
                case "worker" -> runUntilStopped(settings, ScannerProcess.Role.WORKER);
                case "scan" -> ScanCommand.run(settings, rest, System.out, System.err);
                case "mirror" -> MirrorCommand.run(rest, System.out, System.err);
                case "schedules" -> ScheduleCommand.run(ClientConfig.from(settings), rest, System.out, System.err);
                case "bench" -> bench(settings, rest);
                default -> {
                    System.err.println("unknown command '" + command + "'\n" + USAGE);
                    yield 2;
                }
            };
        } catch (SettingsException | PluginException | WorkflowException | IllegalArgumentException
                 | IllegalStateException e) {
            System.err.println("product-scanner: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            System.err.println("product-scanner: " + e);
            return 1;
        }
    }

    /** One line per benchmark, so each can be added without touching the others. */
    private static int bench(Settings settings, String[] args) throws Exception {
        String name = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        return switch (name) {
            case "wait" -> BenchWaitCommand.run(settings, rest, System.out, System.err);
            case "queue" -> BenchQueueCommand.run(settings, rest, System.out, System.err);
            case "scan" -> BenchScanCommand.run(settings, rest, System.out, System.err);
            case "soak" -> BenchSoakCommand.run(settings, rest, System.out, System.err);
            case "recovery" -> BenchRecoveryCommand.run(settings, rest, System.out, System.err);
            case "memory" -> BenchMemoryCommand.run(settings, rest, System.out, System.err);
            case "startup" -> BenchStartupCommand.run(settings, rest, System.out, System.err);
            default -> {
                System.err.println("usage: product-scanner bench wait|queue|scan|soak|recovery|memory|startup [options]\n"
                        + "(product-scanner help lists the options)");
                yield 2;
            }
        };
    }

    /**
     * Runs until SIGTERM/SIGINT, then stops in order (workers finish their running job or hand it back) and exits
     * with status 0. The signals are handled before the JVM starts shutting down, so the stop runs while logging
     * still works and the exit status says what happened; a shutdown hook still closes the process when the JVM
     * stops for any other reason.
     */
    private static int runUntilStopped(Settings settings, ScannerProcess.Role role) throws Exception {
        ScannerProcess process = ScannerProcess.start(settings, role);
        CountDownLatch stopped = new CountDownLatch(1);
        String roleName = role.name().toLowerCase(java.util.Locale.ROOT);
        for (String name : new String[]{"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> Thread.ofPlatform().name("stop-on-SIG" + name).start(() -> {
                LogEvent.info(LOG, "process.stopping", "role", roleName, "signal", "SIG" + name);
                process.close();
                LogEvent.info(LOG, "process.stopped", "role", roleName, "exit_code", 0);
                flushLogs();
                stopped.countDown();
            }));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(process::close, "shutdown"));
        stopped.await();
        return 0;
    }

    private static void flushLogs() {
        for (var handler : Logger.getLogger("").getHandlers()) {
            handler.flush();
        }
        System.out.flush();
        System.err.flush();
    }

    private static void configureLogging(LoggingConfig logging, boolean quiet) {
        if (!quiet) {
            // Helidon's console handler, on stdout; client commands keep the JDK's, on stderr, so that their
            // stdout holds only their answer (`--json` output stays parseable)
            LogConfig.configureRuntime();
        }
        Level level = logging.level();
        Logger root = Logger.getLogger("");
        root.setLevel(level);
        var formatter = new StructuredLogFormatter(logging.format(), logging.service());
        for (var handler : root.getHandlers()) {
            handler.setLevel(level);
            handler.setFormatter(formatter);
        }
        // Netty and Helidon internals stay at INFO or above unless asked for
        Logger.getLogger("io.netty").setLevel(Level.INFO.intValue() < level.intValue() ? level : Level.INFO);
    }
}
