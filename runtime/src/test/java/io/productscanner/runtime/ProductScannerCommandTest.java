package io.productscanner.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.config.SettingsException;
import io.productscanner.runtime.testing.RestoreLogging;
import io.productscanner.runtime.version.ProductVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code product-scanner} command line as {@code Main} runs it, in this JVM: help and version on every command,
 * usage errors, exit codes, completion. The commands' work is tested through the distribution (e2e).
 */
class ProductScannerCommandTest {
    @RegisterExtension
    static final RestoreLogging LOGGING = new RestoreLogging();

    private record Run(int exitCode, String out, String err) {}

    private static Run run(Supplier<Settings> settings, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = ProductScannerCommand.run(
                args,
                settings,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Every command path of the tree, the root's included (as an empty path). */
    private static List<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        collect(
                ProductScannerCommand.commandLine(Settings::fromEnvironment, System.out, System.err, false),
                List.of(),
                paths);
        return paths;
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                collect(sub, Stream.concat(path.stream(), Stream.of(name)).toList(), paths);
            }
        });
    }

    private static String[] args(List<String> path, String... more) {
        return Stream.concat(path.stream(), Stream.of(more)).toArray(String[]::new);
    }

    @Test
    void everyCommandAndSubcommandAnswersHelpAndVersionWithoutReadingSettingsOrStartingAnything(@TempDir Path dir)
            throws Exception {
        int port = freePort();
        int redisPort = freePort();
        AtomicInteger reads = new AtomicInteger();
        // what serve would use, were it started: its port, its embedded Redis's port and data folder
        Supplier<Settings> settings = () -> {
            reads.incrementAndGet();
            return Settings.of(Map.of(
                    "PORT",
                    Integer.toString(port),
                    "EMBEDDED_REDIS_PORT",
                    Integer.toString(redisPort),
                    "DATA_DIR",
                    dir.resolve("data").toString(),
                    "HOST",
                    "127.0.0.1"));
        };
        List<List<String>> paths = commandPaths();
        List<String> named = paths.stream().map(path -> String.join(" ", path)).toList();
        assertTrue(
                named.containsAll(List.of(
                        "serve",
                        "api",
                        "worker",
                        "scan",
                        "running",
                        "status",
                        "submit",
                        "cancel",
                        "workers",
                        "plugins",
                        "results",
                        "schedules",
                        "schedules list",
                        "schedules show",
                        "schedules create",
                        "schedules replace",
                        "schedules pause",
                        "schedules resume",
                        "schedules run-now",
                        "schedules delete",
                        "queues",
                        "queues list",
                        "queues pause",
                        "queues resume",
                        "completion")),
                named.toString());
        // the tools (bench, mirror) are another module's: the runtime alone has none of them
        assertFalse(named.contains("bench") || named.contains("mirror"), named.toString());
        String version = "product-scanner " + ProductVersion.current().describe();

        for (List<String> path : paths) {
            String name = String.join(
                    " ",
                    Stream.concat(Stream.of("product-scanner"), path.stream()).toList());
            for (String help : List.of("--help", "-h")) {
                Run helped = run(settings, args(path, help));
                assertEquals(0, helped.exitCode(), name + " " + help + ": " + helped);
                assertTrue(helped.out().startsWith("usage: " + name), name + " " + help + ": " + helped.out());
                assertTrue(helped.out().contains("Exit codes:"), helped.out());
            }
            for (String flag : List.of("--version", "-V")) {
                Run versioned = run(settings, args(path, flag));
                assertEquals(0, versioned.exitCode(), name + " " + flag + ": " + versioned);
                assertEquals(version, versioned.out().strip(), name + " " + flag);
            }
        }
        Run help = run(settings, "help", "schedules");
        assertEquals(0, help.exitCode(), help.toString());
        assertTrue(help.out().startsWith("usage: product-scanner schedules"), help.out());

        assertEquals(0, reads.get(), "help and version read no settings: nothing can have been started");
        assertEquals(0, ProcessHandle.current().descendants().count(), "no Redis or other process started");
        assertFalse(Files.exists(dir.resolve("data")), "no embedded Redis data folder");
        for (int taken : List.of(port, redisPort)) {
            try (ServerSocket socket = new ServerSocket(taken, 1, InetAddress.getLoopbackAddress())) {
                assertEquals(taken, socket.getLocalPort(), "port " + taken + " is still free");
            }
        }
    }

    @Test
    void anUnknownOptionOrCommandIsAUsageErrorNamingIt() {
        AtomicInteger reads = new AtomicInteger();
        Supplier<Settings> settings = () -> {
            reads.incrementAndGet();
            return Settings.of(Map.of());
        };
        Run option = run(settings, "serve", "--nope");
        assertEquals(2, option.exitCode(), option.toString());
        assertTrue(option.err().startsWith("unknown option '--nope'"), option.err());
        assertTrue(option.err().contains("usage: product-scanner serve"), option.err());
        assertTrue(option.err().contains("see 'product-scanner serve --help'"), option.err());

        Run command = run(settings, "frobnicate");
        assertEquals(2, command.exitCode(), command.toString());
        assertTrue(command.err().startsWith("unknown command 'frobnicate'"), command.err());
        assertTrue(
                command.err().contains("usage: product-scanner")
                        && command.err().contains("schedules"),
                "the commands are listed: " + command.err());

        Run typo = run(settings, "schedules", "lst");
        assertEquals(2, typo.exitCode(), typo.toString());
        assertTrue(typo.err().contains("unknown command 'lst'"), typo.err());
        assertTrue(typo.err().contains("list"), "a close command is suggested: " + typo.err());

        Run none = run(settings);
        assertEquals(2, none.exitCode(), none.toString());
        assertTrue(none.err().startsWith("name a command: serve, api, worker"), none.err());
        Run group = run(settings, "schedules");
        assertEquals(2, group.exitCode(), group.toString());
        assertTrue(group.err().contains("usage: product-scanner schedules"), group.err());

        Run missing = run(settings, "status");
        assertEquals(2, missing.exitCode(), missing.toString());
        assertTrue(missing.err().startsWith("Missing required parameter: 'JOB_ID'"), missing.err());
        assertEquals(0, reads.get(), "a wrong command line reads no settings");
    }

    @Test
    void aWrongSettingFailsTheCommandWithExitOneAndItsMessage() {
        Run run = run(
                () -> {
                    throw new SettingsException("PORT must be a port number, was 'abc'");
                },
                "running");
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(
                "product-scanner: PORT must be a port number, was 'abc'",
                run.err().strip());
    }

    @Test
    void anApiThatIsNotThereIsExitThreeForEveryClientCommand() throws IOException {
        int nobody = freePort();
        Supplier<Settings> settings = () -> Settings.of(Map.of("API_URL", "http://127.0.0.1:" + nobody));
        for (String[] command : List.of(new String[] {"running"}, new String[] {"schedules", "list"}, new String[] {
            "schedules", "run-now", "nightly"
        })) {
            Run run = run(settings, command);
            assertEquals(3, run.exitCode(), String.join(" ", command) + ": " + run);
            assertTrue(run.err().contains("cannot reach the API at http://127.0.0.1:" + nobody), run.err());
        }
    }

    @Test
    void theCompletionScriptLoadsInBashAndCompletesTheCommands(@TempDir Path dir) throws Exception {
        for (String shell : List.of("bash", "zsh")) {
            Run completion = run(Settings::fromEnvironment, "completion", shell);
            assertEquals(0, completion.exitCode(), completion.toString());
            Path script = Files.writeString(dir.resolve("product-scanner." + shell), completion.out());
            for (String word : List.of("serve", "schedules", "run-now", "--evidence-dir", "completion")) {
                assertTrue(completion.out().contains(word), shell + " script completes " + word);
            }
            Process bash = new ProcessBuilder(
                            "bash", "-c", "source \"$0\" && complete -p product-scanner", script.toString())
                    .redirectErrorStream(true)
                    .start();
            assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
            String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, bash.exitValue(), output);
            assertTrue(output.contains("complete") && output.strip().endsWith("product-scanner"), output);
        }
        Run wrong = run(Settings::fromEnvironment, "completion", "fish");
        assertEquals(2, wrong.exitCode(), wrong.toString());
        assertTrue(wrong.err().contains("expected one of [bash, zsh]"), wrong.err());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
