package io.productscanner.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** A real {@code bin/product-scanner} process of the assembled distribution, with its output in a file. */
final class ScannerProcessHandle implements AutoCloseable {
    static final Path DIST = Path.of(System.getProperty("dist.dir", "../distribution/target/product-scanner"));

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private final Process process;
    private final Path output;

    private ScannerProcessHandle(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts {@code product-scanner args...} with the extra environment given. */
    static ScannerProcessHandle start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(DIST.resolve("bin/product-scanner").toString());
        command.addAll(List.of(args));
        Path output = Files.createTempFile("product-scanner-" + args[0] + "-", ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("REDIS_")
                        || k.equals("WORKER_PLATFORMS")
                        || k.equals("PORT")
                        || k.equals("SCANNER_SITE_MIRROR")
                        || k.startsWith("LOG_")
                        || k.startsWith("API_"));
        builder.environment().put("LOG_LEVEL", "INFO");
        // Tests that do not choose where results and data go must not leave them in the source tree.
        Path scratch = Files.createTempDirectory("product-scanner-" + args[0] + "-work-");
        builder.environment().put("RESULTS_DIR", scratch.resolve("results").toString());
        builder.environment().put("DATA_DIR", scratch.resolve("data").toString());
        // worker processes serve their metrics on a port of their own: any free one, so several can run side by side
        builder.environment().put("METRICS_PORT", "0");
        builder.environment().putAll(env);
        return new ScannerProcessHandle(builder.start(), output);
    }

    /** Runs a command to its end and returns its exit code and output. */
    static Finished run(Map<String, String> env, Duration timeout, String... args) throws Exception {
        try (ScannerProcessHandle handle = start(env, args)) {
            if (!handle.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("product-scanner " + String.join(" ", args) + " did not finish in " + timeout
                        + ":\n" + handle.output());
            }
            return new Finished(handle.process.exitValue(), handle.output());
        }
    }

    record Finished(int exitCode, String output) {}

    /** Waits until the output shows {@code marker}; fails with the output if the process dies first. */
    void awaitOutput(String marker, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(marker)) {
            if (!process.isAlive()) {
                throw new AssertionError(
                        "process exited with " + process.exitValue() + " before '" + marker + "':\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + marker + "' within " + timeout + ":\n" + output());
            }
            Thread.sleep(50);
        }
    }

    String output() throws IOException {
        return Files.readString(output);
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM and waits for a clean exit. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    static int freePort() throws IOException {
        // the OS may offer a just-released port again: two settings of one process must never get the same one
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }
}
