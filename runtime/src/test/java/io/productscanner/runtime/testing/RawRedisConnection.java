package io.productscanner.runtime.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A bare RESP connection to a test Redis, for what the runtime's client does not offer: MONITOR (the commands Redis
 * runs, scripts' own included) and COMMAND GETKEYS (which arguments of a command Redis reads as keys). Unlike
 * {@link RawRedisClient}, which keeps a reply's first line, it reads whole replies (arrays, bulk strings).
 */
public final class RawRedisConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawRedisConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connected and authenticated as the default user. */
    public static RawRedisConnection open(int port, String password) throws IOException {
        RawRedisConnection connection = new RawRedisConnection(new Socket(InetAddress.getLoopbackAddress(), port));
        Object reply = connection.call("AUTH", password);
        if (!"OK".equals(reply)) {
            connection.close();
            throw new IOException("AUTH answered " + reply);
        }
        return connection;
    }

    /** Sends one command and reads its reply: a String, a Long, a List, null, or a {@link RedisError}. */
    public Object call(String... args) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            request.writeBytes(bytes);
            request.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(request.toByteArray());
        out.flush();
        return readReply();
    }

    /** An error reply. */
    public record RedisError(String message) {}

    /** The keys Redis reads in {@code command} (its name and arguments); none for a command without keys. */
    public List<String> keysOf(List<String> command) throws IOException {
        List<String> args = new ArrayList<>(List.of("COMMAND", "GETKEYS"));
        args.addAll(command);
        Object reply = call(args.toArray(String[]::new));
        if (reply instanceof RedisError) {
            // "the command has no key arguments" (TIME, PUBLISH...)
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        for (Object key : (List<?>) reply) {
            keys.add((String) key);
        }
        return keys;
    }

    /** Turns this connection into a monitor: from now on it only receives the lines of {@link #monitorLinesUntil}. */
    public void startMonitor() throws IOException {
        Object reply = call("MONITOR");
        if (!"OK".equals(reply)) {
            throw new IOException("MONITOR answered " + reply);
        }
    }

    /** The monitor's lines up to (without) the first that contains {@code marker}. */
    public List<String> monitorLinesUntil(String marker, Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        List<String> lines = new ArrayList<>();
        try {
            while (true) {
                Object line = readReply();
                if (!(line instanceof String text)) {
                    throw new IOException("MONITOR sent " + line);
                }
                if (text.contains(marker)) {
                    return lines;
                }
                lines.add(text);
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("no marker " + marker + " after " + lines.size() + " monitor lines", e);
        }
    }

    private Object readReply() throws IOException {
        int type = in.read();
        String line = readLine();
        return switch (type) {
            case '+' -> line;
            case '-' -> new RedisError(line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    yield null;
                }
                byte[] bytes = in.readNBytes(length + 2);
                yield new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    yield null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(readReply());
                }
                yield items;
            }
            default -> throw new IOException("unexpected RESP type " + (char) type + line);
        };
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            previous = b;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
