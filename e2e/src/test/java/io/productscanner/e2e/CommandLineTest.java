package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's command line through its launcher: {@code --help} and {@code --version} start nothing, the
 * tools join it from {@code lib/tools}, and the completion script it ships loads in bash and completes.
 */
class CommandLineTest {
    private static final Duration QUICK = Duration.ofSeconds(60);

    @Test
    void serveHelpAndVersionExitZeroWithoutStartingTheServerOrItsRedis(@TempDir Path dir) throws Exception {
        int port = ScannerProcessHandle.freePort();
        int redisPort = ScannerProcessHandle.freePort();
        Map<String, String> env = Map.of(
                "PORT",
                Integer.toString(port),
                "EMBEDDED_REDIS_PORT",
                Integer.toString(redisPort),
                "DATA_DIR",
                dir.resolve("data").toString(),
                "HOST",
                "127.0.0.1");

        ScannerProcessHandle.Finished help = ScannerProcessHandle.run(env, QUICK, "serve", "--help");
        assertEquals(0, help.exitCode(), help.output());
        assertTrue(help.output().startsWith("usage: product-scanner serve"), help.output());
        assertFalse(help.output().contains("event="), "nothing logged, nothing started: " + help.output());

        ScannerProcessHandle.Finished version = ScannerProcessHandle.run(env, QUICK, "serve", "--version");
        assertEquals(0, version.exitCode(), version.output());
        assertTrue(
                version.output().strip().matches("product-scanner \\d+\\.\\d+\\.\\d+\\S*( \\(git [0-9a-f]+\\))?"),
                version.output());
        assertEquals(
                version.output(),
                ScannerProcessHandle.run(env, QUICK, "--version").output());

        assertFalse(Files.exists(dir.resolve("data")), "no embedded Redis was started under DATA_DIR");
        for (int taken : List.of(port, redisPort)) {
            try (ServerSocket socket = new ServerSocket(taken, 1, InetAddress.getLoopbackAddress())) {
                assertEquals(taken, socket.getLocalPort());
            }
        }
    }

    @Test
    void theToolsJoinTheCommandLineFromLibTools() throws Exception {
        assertTrue(Files.isRegularFile(ScannerProcessHandle.DIST.resolve("lib/tools/tools-" + version() + ".jar")));
        ScannerProcessHandle.Finished help = ScannerProcessHandle.run(Map.of(), QUICK, "--help");
        assertEquals(0, help.exitCode(), help.output());
        assertTrue(help.output().contains("\n  bench ") && help.output().contains("\n  mirror "), help.output());
        ScannerProcessHandle.Finished bench = ScannerProcessHandle.run(Map.of(), QUICK, "bench", "queue", "--help");
        assertEquals(0, bench.exitCode(), bench.output());
        assertTrue(bench.output().contains("--warmup-jobs=J"), bench.output());
        ScannerProcessHandle.Finished unknown = ScannerProcessHandle.run(Map.of(), QUICK, "mirror", "--prot", "1");
        assertEquals(2, unknown.exitCode(), unknown.output());
        assertTrue(unknown.output().startsWith("unknown option '--prot'"), unknown.output());
    }

    @Test
    void theShippedCompletionScriptLoadsInBashAndCompletesCommandsAndOptions() throws Exception {
        Path script = ScannerProcessHandle.DIST
                .resolve("completion/product-scanner.bash")
                .toAbsolutePath();
        assertTrue(Files.isRegularFile(ScannerProcessHandle.DIST.resolve("completion/product-scanner.zsh")));

        assertEquals(
                "complete -o default -F _complete_product-scanner product-scanner",
                bash(script, "complete -p product-scanner"));
        assertEquals("bench", bash(script, complete("product-scanner", "be")));
        assertEquals("queue", bash(script, complete("product-scanner", "bench", "qu")));
        assertEquals("run-now", bash(script, complete("product-scanner", "schedules", "ru")));
        assertEquals("--evidence-dir", bash(script, complete("product-scanner", "scan", "--ev")));
    }

    /**
     * What bash's completion offers for the last word of {@code words}, one per line (outside a real completion
     * bash's compopt complains on stderr, which is left out).
     */
    private static String complete(String... words) {
        return "COMP_WORDS=(" + String.join(" ", words) + "); COMP_CWORD=" + (words.length - 1) + "; COMP_LINE='"
                + String.join(" ", words) + "'; COMP_POINT=${#COMP_LINE}; _complete_product-scanner 2>/dev/null; "
                + "printf '%s\\n' \"${COMPREPLY[@]}\"";
    }

    private static String bash(Path script, String command) throws IOException, InterruptedException {
        Process bash = new ProcessBuilder("bash", "-c", "source \"$0\" && " + command, script.toString())
                .redirectErrorStream(true)
                .start();
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS), command);
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, bash.exitValue(), command + ": " + output);
        return output.strip();
    }

    private static String version() throws IOException {
        try (var jars = Files.list(ScannerProcessHandle.DIST.resolve("lib"))) {
            String runtime = jars.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("runtime-"))
                    .findFirst()
                    .orElseThrow();
            return runtime.substring("runtime-".length(), runtime.length() - ".jar".length());
        }
    }
}
