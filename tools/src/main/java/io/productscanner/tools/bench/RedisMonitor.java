package io.productscanner.tools.bench;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts, from outside the clients, the commands clients send to a Redis: its {@code MONITOR} stream, less the
 * commands scripts run (logged as {@code [db lua]}). Each such command is one request a client wrote, pipelined
 * or not: the benchmark's round trips. MONITOR costs Redis time on every command, so it watches an untimed pass.
 */
final class RedisMonitor implements AutoCloseable {
    /** The argument of the {@code ECHO} that marks how far the stream has come. */
    static final String MARKER = "bench-monitor-marker";

    private final Socket socket;
    private final BufferedReader reader;
    private final AtomicLong clientCommands = new AtomicLong();
    private final AtomicLong markersSeen = new AtomicLong();
    private final Thread readerThread;

    private RedisMonitor(Socket socket, BufferedReader reader) {
        this.socket = socket;
        this.reader = reader;
        this.readerThread = Thread.ofPlatform().daemon().name("redis-monitor").start(this::read);
    }

    /** Connects to the Redis {@code uri} names, authenticates as its clients do, and starts monitoring. */
    static RedisMonitor start(RedisURI uri) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            for (List<String> command : handshake(uri)) {
                send(out, command);
                String reply = reader.readLine();
                if (reply == null || !reply.startsWith("+")) {
                    socket.close();
                    throw new IllegalStateException("Redis refused " + command.getFirst() + " for MONITOR: " + reply
                            + " (on the benchmark's own Redis it is allowed; an external one must allow it)");
                }
            }
            return new RedisMonitor(socket, reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot monitor the Redis at " + uri.getHost() + ":" + uri.getPort(), e);
        }
    }

    private static List<List<String>> handshake(RedisURI uri) {
        List<List<String>> commands = new ArrayList<>();
        RedisCredentialsProvider provider = uri.getCredentialsProvider();
        if (provider != null) {
            RedisCredentials credentials =
                    provider instanceof RedisCredentialsProvider.ImmediateRedisCredentialsProvider immediate
                            ? immediate.resolveCredentialsNow()
                            : provider.resolveCredentials().block(Duration.ofSeconds(10));
            if (credentials != null && credentials.hasPassword()) {
                String password = new String(credentials.getPassword());
                commands.add(
                        credentials.hasUsername()
                                ? List.of("AUTH", credentials.getUsername(), password)
                                : List.of("AUTH", password));
            }
        }
        commands.add(List.of("MONITOR"));
        return commands;
    }

    private static void send(OutputStream out, List<String> command) throws IOException {
        StringBuilder resp = new StringBuilder("*").append(command.size()).append("\r\n");
        for (String argument : command) {
            resp.append('$')
                    .append(argument.getBytes(StandardCharsets.UTF_8).length)
                    .append("\r\n")
                    .append(argument)
                    .append("\r\n");
        }
        out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Lines such as {@code +1700000000.123456 [0 127.0.0.1:50412] "EVALSHA" ...}; a script's say {@code [0 lua]}. */
    private void read() {
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                int open = line.indexOf('[');
                int close = line.indexOf(']', open + 1);
                if (open < 0 || close < 0) {
                    continue;
                }
                if (line.regionMatches(true, close + 2, "\"ECHO\" \"" + MARKER + "\"", 0, MARKER.length() + 9)) {
                    markersSeen.incrementAndGet();
                } else if (!line.substring(open + 1, close).endsWith(" lua")) {
                    clientCommands.incrementAndGet();
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    /**
     * The client commands seen so far, once Redis has shown every command sent before {@code echoMarker} ran (it
     * sends {@code ECHO bench-monitor-marker}; MONITOR shows commands in the order Redis ran them).
     */
    long clientCommandsAfter(Runnable echoMarker) throws InterruptedException {
        long before = markersSeen.get();
        echoMarker.run();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (markersSeen.get() == before) {
            if (System.nanoTime() > deadline || !readerThread.isAlive()) {
                throw new IllegalStateException("MONITOR did not show the marker command within 30 s");
            }
            Thread.sleep(5);
        }
        return clientCommands.get();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
