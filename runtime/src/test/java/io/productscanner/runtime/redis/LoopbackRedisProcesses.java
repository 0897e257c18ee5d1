package io.productscanner.runtime.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Plain redis-server processes (no password, no persistence, no sentinel) on free loopback ports: a primary and a
 * replica that a test reads directly, freezes without cutting its link (SIGSTOP), or points a process at. Every
 * process started is stopped on {@link #close}, frozen ones thawed first. A failover takes {@code SentinelRedis}.
 */
final class LoopbackRedisProcesses implements AutoCloseable {
    private final Path dir;
    private final List<Process> started = new ArrayList<>();

    LoopbackRedisProcesses(Path dir) {
        this.dir = dir;
    }

    /** A redis-server on a free port; {@code more} are extra command-line options. */
    Server server(String... more) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no"));
        command.addAll(List.of(more));
        return new Server(port, start(command, "redis-" + port));
    }

    /** A replica of {@code primary}, once its link to it is up. */
    Server replicaOf(Server primary) throws Exception {
        Server replica = server("--replicaof", "127.0.0.1", Integer.toString(primary.port()));
        awaitTrue(() -> info(replica, "replication").contains("master_link_status:up"), "the replica's link is up");
        return replica;
    }

    private Process start(List<String> command, String name) throws IOException {
        Process process = new ProcessBuilder(command)
                // a replica's full sync writes its dump.rdb into the working directory
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile())
                .start();
        started.add(process);
        return process;
    }

    /** INFO {@code section} of a server, asked with redis-cli (no client of the runtime's involved). */
    static String info(Server server, String section) {
        return cli(server.port(), "info", section);
    }

    static String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        try {
            Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(cli.getInputStream().readAllBytes());
            cli.waitFor();
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(giveUp)) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        for (Process process : started) {
            signal("CONT", process);
            process.destroyForcibly();
        }
    }

    /** Sends a signal ({@code STOP}, {@code CONT}) to a process. */
    static void signal(String signal, Process process) {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .start()
                    .waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal process " + process.pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** One started process and its port. */
    record Server(int port, Process process) {
        String url() {
            return "redis://127.0.0.1:" + port;
        }
    }
}
