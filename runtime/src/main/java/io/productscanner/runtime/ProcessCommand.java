package io.productscanner.runtime;

import io.productscanner.runtime.cli.CliContext;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.logging.LogEvent;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code serve}, {@code api} and {@code worker}: start this process's parts and run until stopped. */
abstract class ProcessCommand implements Callable<Integer> {
    private static final System.Logger LOG = System.getLogger(ProcessCommand.class.getName());

    @Spec
    private CommandSpec spec;

    abstract ScannerProcess.Role role();

    @Override
    public final Integer call() throws Exception {
        return runUntilStopped(CliContext.of(spec).settings(), role());
    }

    @Command(
            name = "serve",
            description = {
                "API and workers for every plugin in one process.",
                "Without REDIS_URL or REDIS_HOST it starts the embedded Redis under DATA_DIR."
            })
    static final class Serve extends ProcessCommand {
        @Override
        ScannerProcess.Role role() {
            return ScannerProcess.Role.ALL;
        }
    }

    @Command(name = "api", description = "The API server only.")
    static final class Api extends ProcessCommand {
        @Override
        ScannerProcess.Role role() {
            return ScannerProcess.Role.API;
        }
    }

    @Command(
            name = "worker",
            description = "Workers only, for the platforms in WORKER_PLATFORMS (all plugins by default).")
    static final class Worker extends ProcessCommand {
        @Override
        ScannerProcess.Role role() {
            return ScannerProcess.Role.WORKER;
        }
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
        String roleName = role.name().toLowerCase(Locale.ROOT);
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(
                    new Signal(name),
                    signal -> Thread.ofPlatform().name("stop-on-SIG" + name).start(() -> {
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
}
