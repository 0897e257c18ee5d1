package io.productscanner.runtime.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * One worker thread's own blocking Redis connection, for the script it runs once per job. The shared Lettuce
 * connection hands every call to its event loop and every reply back to the waiting thread; here the thread writes
 * the call itself and the kernel wakes it when the reply arrives, which halves the client's CPU per job
 * ({@code bench queue}, docs/PERFORMANCE.md). Plain TCP only (see {@link #supports}); not thread-safe: one thread
 * calls it, any thread may {@link #close} it. Connects on first use and again after a broken connection.
 */
public final class RedisLane implements AutoCloseable {
    private static final byte[] CRLF = {'\r', '\n'};

    private final RedisURI uri;
    private final LongAdder calls;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private volatile boolean closed;
    /** The call being written; grows to the largest call made. */
    private byte[] request = new byte[1024];
    private int requestLength;
    /** Bytes read from the socket, {@code readPosition} up to {@code readLimit} not parsed yet. */
    private final byte[] reply = new byte[16 * 1024];
    private int readPosition;
    private int readLimit;

    private RedisLane(RedisURI uri, LongAdder calls) {
        this.uri = uri;
        this.calls = calls;
    }

    /**
     * A lane to the Redis {@code uri} names, or empty when a lane cannot reach it the way Lettuce would (TLS,
     * Sentinel, a Unix socket, or credentials that are only known later).
     *
     * @param calls counts the calls made, each one round trip (benchmarks read it)
     */
    static Optional<RedisLane> open(RedisURI uri, LongAdder calls) {
        return supports(uri) ? Optional.of(new RedisLane(uri, calls)) : Optional.empty();
    }

    /**
     * Whether a lane can talk to this Redis: a plain TCP host and port, with credentials given once (a provider
     * that streams rotating credentials is left to Lettuce).
     */
    static boolean supports(RedisURI uri) {
        return !uri.isSsl() && uri.getSocket() == null && uri.getSentinels().isEmpty() && uri.getHost() != null
                && (uri.getCredentialsProvider() == null || !uri.getCredentialsProvider().supportsStreaming());
    }

    /**
     * Runs {@code script} by its digest (loading it first when this Redis does not know it) and returns its reply:
     * a Lua table as a {@code List}, an integer as a {@code Long}, a string as a {@code String}, nil as null.
     *
     * @throws RedisConnectionException when the connection broke (the call may or may not have run)
     * @throws RedisCommandTimeoutException when no reply came within the URI's timeout (the connection is dropped)
     * @throws RedisCommandExecutionException when the script failed
     */
    public Object evalsha(RedisScript script, String[] keys, String[] args) {
        try {
            return call(evalshaArguments(script.digest(), keys, args));
        } catch (RedisNoScriptException e) {
            call(new String[]{"SCRIPT", "LOAD", script.source()});
            return call(evalshaArguments(script.digest(), keys, args));
        }
    }

    private static String[] evalshaArguments(String digest, String[] keys, String[] args) {
        String[] command = new String[3 + keys.length + args.length];
        command[0] = "EVALSHA";
        command[1] = digest;
        command[2] = Integer.toString(keys.length);
        System.arraycopy(keys, 0, command, 3, keys.length);
        System.arraycopy(args, 0, command, 3 + keys.length, args.length);
        return command;
    }

    private Object call(String[] command) {
        if (closed) {
            throw new RedisConnectionException("Redis lane closed");
        }
        try {
            if (socket == null) {
                connect();
            }
            calls.increment();
            return send(command);
        } catch (SocketTimeoutException e) {
            disconnect();
            throw new RedisCommandTimeoutException("no reply from Redis within " + uri.getTimeout().toMillis() + " ms");
        } catch (IOException e) {
            disconnect();
            throw new RedisConnectionException("Redis lane to " + uri.getHost() + ":" + uri.getPort() + " broke: "
                    + e.getMessage(), e);
        }
    }

    private Object send(String[] command) throws IOException {
        requestLength = 0;
        appendHeader('*', command.length);
        for (String argument : command) {
            appendBulk(argument);
        }
        out.write(request, 0, requestLength);
        return readReply();
    }

    private void connect() throws IOException {
        Socket connecting = new Socket();
        try {
            int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, uri.getTimeout().toMillis());
            connecting.setTcpNoDelay(true);
            connecting.setKeepAlive(true);
            connecting.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), timeoutMillis);
            connecting.setSoTimeout(timeoutMillis);
            socket = connecting;
            in = connecting.getInputStream();
            out = connecting.getOutputStream();
            readPosition = 0;
            readLimit = 0;
            if (closed) {
                throw new IOException("closed while connecting");
            }
            authenticate();
            if (uri.getDatabase() != 0) {
                send(new String[]{"SELECT", Integer.toString(uri.getDatabase())});
            }
        } catch (IOException | RuntimeException e) {
            disconnect();
            connecting.close();
            throw e;
        }
    }

    private void authenticate() throws IOException {
        RedisCredentialsProvider provider = uri.getCredentialsProvider();
        if (provider == null) {
            return;
        }
        RedisCredentials credentials =
                provider instanceof RedisCredentialsProvider.ImmediateRedisCredentialsProvider immediate
                        ? immediate.resolveCredentialsNow() : provider.resolveCredentials().block(uri.getTimeout());
        if (credentials == null || !credentials.hasPassword()) {
            return;
        }
        String password = new String(credentials.getPassword());
        send(credentials.hasUsername() ? new String[]{"AUTH", credentials.getUsername(), password}
                : new String[]{"AUTH", password});
    }

    private void disconnect() {
        Socket open = socket;
        socket = null;
        in = null;
        out = null;
        if (open != null) {
            try {
                open.close();
            } catch (IOException ignored) {
                // closing a broken socket: nothing more to do
            }
        }
    }

    /** Ends the lane; a call blocked in it fails with a {@link RedisConnectionException}. */
    @Override
    public void close() {
        closed = true;
        Socket open = socket;
        if (open != null) {
            try {
                open.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
    }

    // --- RESP2 encoding ---

    private void appendHeader(char type, int count) {
        ensureRequestRoom(13);
        request[requestLength++] = (byte) type;
        appendDecimal(count);
        request[requestLength++] = '\r';
        request[requestLength++] = '\n';
    }

    private void appendDecimal(int value) {
        if (value == 0) {
            request[requestLength++] = '0';
            return;
        }
        int start = requestLength;
        for (int rest = value; rest > 0; rest /= 10) {
            request[requestLength++] = (byte) ('0' + rest % 10);
        }
        for (int i = start, j = requestLength - 1; i < j; i++, j--) {
            byte swap = request[i];
            request[i] = request[j];
            request[j] = swap;
        }
    }

    /** Appends a bulk string; ASCII (keys, ids, numbers) is copied char by char, anything else encoded as UTF-8. */
    private void appendBulk(String value) {
        int length = value.length();
        boolean ascii = true;
        for (int i = 0; i < length && ascii; i++) {
            ascii = value.charAt(i) < 0x80;
        }
        if (ascii) {
            appendHeader('$', length);
            ensureRequestRoom(length + 2);
            for (int i = 0; i < length; i++) {
                request[requestLength++] = (byte) value.charAt(i);
            }
        } else {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            appendHeader('$', bytes.length);
            ensureRequestRoom(bytes.length + 2);
            System.arraycopy(bytes, 0, request, requestLength, bytes.length);
            requestLength += bytes.length;
        }
        request[requestLength++] = CRLF[0];
        request[requestLength++] = CRLF[1];
    }

    private void ensureRequestRoom(int bytes) {
        if (requestLength + bytes > request.length) {
            request = Arrays.copyOf(request, Math.max(request.length * 2, requestLength + bytes));
        }
    }

    // --- RESP2 decoding ---

    private Object readReply() throws IOException {
        byte type = readByte();
        return switch (type) {
            case '+' -> readLine();
            case ':' -> readInteger();
            case '$' -> readBulk(Math.toIntExact(readInteger()));
            case '*' -> readArray(Math.toIntExact(readInteger()));
            case '-' -> throw error(readLine());
            default -> throw new IOException("not a RESP reply: type byte " + type);
        };
    }

    private static RedisCommandExecutionException error(String message) {
        return message.startsWith("NOSCRIPT") ? new RedisNoScriptException(message)
                : new RedisCommandExecutionException(message);
    }

    private List<Object> readArray(int count) throws IOException {
        if (count < 0) {
            return null;
        }
        List<Object> items = new ArrayList<>(count);
        RedisCommandExecutionException failed = null;
        for (int i = 0; i < count; i++) {
            try {
                items.add(readReply());
            } catch (RedisCommandExecutionException e) {
                // an error inside a table: read the rest so the connection stays in step, then report it
                failed = e;
            }
        }
        if (failed != null) {
            throw failed;
        }
        return items;
    }

    private String readBulk(int length) throws IOException {
        if (length < 0) {
            return null;
        }
        String value;
        if (readLimit - readPosition >= length) {
            value = new String(reply, readPosition, length, StandardCharsets.UTF_8);
            readPosition += length;
        } else {
            byte[] bytes = new byte[length];
            int copied = readLimit - readPosition;
            System.arraycopy(reply, readPosition, bytes, 0, copied);
            readPosition = readLimit;
            while (copied < length) {
                int read = in.read(bytes, copied, length - copied);
                if (read < 0) {
                    throw new IOException("Redis closed the connection");
                }
                copied += read;
            }
            value = new String(bytes, StandardCharsets.UTF_8);
        }
        readByte();
        readByte();
        return value;
    }

    private long readInteger() throws IOException {
        boolean negative = false;
        long value = 0;
        byte next = readByte();
        if (next == '-') {
            negative = true;
            next = readByte();
        }
        while (next != '\r') {
            if (next < '0' || next > '9') {
                throw new IOException("not a RESP integer: byte " + next);
            }
            value = value * 10 + (next - '0');
            next = readByte();
        }
        readByte();
        return negative ? -value : value;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (byte next = readByte(); next != '\r'; next = readByte()) {
            line.append((char) (next & 0xff));
        }
        readByte();
        return new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private byte readByte() throws IOException {
        if (readPosition == readLimit) {
            int read = in.read(reply, 0, reply.length);
            if (read < 0) {
                throw new IOException("Redis closed the connection");
            }
            readPosition = 0;
            readLimit = read;
        }
        return reply[readPosition++];
    }
}
