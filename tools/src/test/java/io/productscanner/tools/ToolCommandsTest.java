package io.productscanner.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.runtime.ProductScannerCommand;
import io.productscanner.runtime.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * With this module on the module path, {@code bench} and {@code mirror} join the {@code product-scanner} command
 * line (found by ServiceLoader), and each of their commands answers {@code --help} and {@code --version} without
 * reading settings or starting anything.
 */
class ToolCommandsTest {
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

    @Test
    void benchAndMirrorJoinTheCommandLineAndAnswerHelpAndVersionStartingNothing() throws Exception {
        CommandLine root = ProductScannerCommand.commandLine(Settings::fromEnvironment, System.out, System.err, false);
        assertTrue(
                root.getSubcommands().keySet().containsAll(List.of("serve", "bench", "mirror")),
                root.getSubcommands().keySet().toString());
        List<List<String>> paths = new ArrayList<>();
        paths.add(List.of("mirror"));
        paths.add(List.of("bench"));
        root.getSubcommands().get("bench").getSubcommands().keySet().forEach(name -> paths.add(List.of("bench", name)));
        assertEquals(
                List.of("wait", "queue", "scan", "soak", "recovery", "memory", "startup"),
                paths.stream().skip(2).map(List::getLast).toList());

        AtomicInteger reads = new AtomicInteger();
        Supplier<Settings> settings = () -> {
            reads.incrementAndGet();
            return Settings.of(Map.of());
        };
        String rootVersion = run(settings, "--version").out().strip();
        assertTrue(rootVersion.startsWith("product-scanner "), rootVersion);
        for (List<String> path : paths) {
            String name = "product-scanner " + String.join(" ", path);
            Run help = run(
                    settings, Stream.concat(path.stream(), Stream.of("--help")).toArray(String[]::new));
            assertEquals(0, help.exitCode(), name + ": " + help);
            assertTrue(help.out().startsWith("usage: " + name), help.out());
            Run version = run(
                    settings,
                    Stream.concat(path.stream(), Stream.of("--version")).toArray(String[]::new));
            assertEquals(0, version.exitCode(), name + ": " + version);
            assertEquals(rootVersion, version.out().strip());
        }
        assertEquals(0, reads.get(), "no settings read");
        assertEquals(0, ProcessHandle.current().descendants().count(), "no Redis or worker process started");
        // mirror --help did not start the mirror on its default port
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 8089));
        }
    }

    @Test
    void aBenchmarkRefusesAnUnknownOptionWithExitTwo() {
        Run run = run(() -> Settings.of(Map.of()), "bench", "queue", "--jobz", "5");
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("unknown option '--jobz'"), run.err());
        assertTrue(run.err().contains("usage: product-scanner bench queue"), run.err());
    }
}
