package io.productscanner.tools.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@code product-scanner} child process that a benchmark starts with the same Java runtime, options and module
 * path as its own, and whose output lines it watches (the time each awaited marker first appeared is kept).
 */
final class BenchProcess implements AutoCloseable {
    private final Process process;
    private final long startedNanos;
    private final Map<String, Long> markerNanos = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> markers = new ConcurrentHashMap<>();
    private final StringBuilder tail = new StringBuilder();

    private BenchProcess(Process process, long startedNanos, List<String> awaited) {
        this.process = process;
        this.startedNanos = startedNanos;
        awaited.forEach(marker -> markers.put(marker, new CountDownLatch(1)));
        Thread.ofPlatform().daemon().name("bench-output-" + process.pid()).start(this::readOutput);
    }

    /**
     * Starts {@code product-scanner args...} with {@code env} added to this process's environment.
     *
     * @param awaited output markers whose first appearance {@link #awaitMarker} waits for
     */
    static BenchProcess start(Map<String, String> env, List<String> awaited, String... args) {
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().putIfAbsent("LOG_LEVEL", "INFO");
        // benchmarks start several processes on one host: each serves metrics on a free port of its own (a port
        // set in the caller's shell, or the default, would be taken by the first)
        builder.environment().put("METRICS_PORT", env.getOrDefault("METRICS_PORT", "0"));
        long started = System.nanoTime();
        try {
            return new BenchProcess(builder.start(), started, awaited);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    /**
     * This JVM's own command line up to its main module ({@code java [options] -m module/Main}), so a child runs
     * the same build. Only a process started from the distribution (bin/product-scanner) has one.
     */
    static List<String> javaCommand() {
        ProcessHandle.Info info = ProcessHandle.current().info();
        String java = info.command().orElseThrow(() -> new IllegalStateException("cannot tell this process's java"));
        String[] arguments = info.arguments().orElse(new String[0]);
        List<String> command = new ArrayList<>(List.of(java));
        for (int i = 0; i < arguments.length; i++) {
            command.add(arguments[i]);
            if ((arguments[i].equals("-m") || arguments[i].equals("--module")) && i + 1 < arguments.length) {
                command.add(arguments[i + 1]);
                return command;
            }
        }
        throw new IllegalStateException("this benchmark starts product-scanner processes: run it from the "
                + "distribution (./product-scanner bench ...), not from a class path");
    }

    /** A free TCP port on loopback, for a child's API. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private void readOutput() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                long now = System.nanoTime();
                for (Map.Entry<String, CountDownLatch> marker : markers.entrySet()) {
                    if (marker.getValue().getCount() > 0 && line.contains(marker.getKey())) {
                        markerNanos.put(marker.getKey(), now);
                        marker.getValue().countDown();
                    }
                }
                synchronized (tail) {
                    tail.append(line).append('\n');
                    if (tail.length() > 8000) {
                        tail.delete(0, tail.length() - 8000);
                    }
                }
            }
        } catch (IOException e) {
            // the process went away: nothing more to read
        }
    }

    /** Waits for the marker's first appearance; returns nanoseconds from process start to it. */
    long awaitMarker(String marker, Duration timeout) throws InterruptedException {
        CountDownLatch latch = markers.get(marker);
        if (latch == null) {
            throw new IllegalArgumentException("marker '" + marker + "' was not named at start");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!latch.await(50, TimeUnit.MILLISECONDS)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "product-scanner exited with " + process.exitValue() + " before '" + marker + "':\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no '" + marker + "' within " + timeout + ":\n" + tail());
            }
        }
        return markerNanos.get(marker) - startedNanos;
    }

    long startedNanos() {
        return startedNanos;
    }

    long pid() {
        return process.pid();
    }

    /** CPU time the process has used so far (all threads), in ms; -1 where the platform does not tell. */
    long cpuMillis() {
        return process.toHandle()
                .info()
                .totalCpuDuration()
                .map(Duration::toMillis)
                .orElse(-1L);
    }

    /** Resident set size now, in MiB. */
    double rssMb() {
        return BenchReport.procStatusMb(process.pid(), "VmRSS");
    }

    /** Memory of the process and every process it started (a browser worker's driver and Chromium). */
    ProcessTreeMemory treeMemory() {
        return ProcessTreeMemory.of(process.toHandle());
    }

    /** SIGKILL, as a crash: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    String tail() {
        synchronized (tail) {
            return tail.toString();
        }
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
