package io.productscanner.runtime.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisNoScriptException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes RESP2 replies from a connection, in order: a table as a {@code List}, an integer as a {@code Long}, a bulk
 * or simple string as a {@code String}, nil as null; an error reply is thrown as a
 * {@link RedisCommandExecutionException} after the whole reply was read, so the next reply starts cleanly.
 */
final class RespReader {
    private final InputStream in;
    /** Bytes read from the connection: {@code position} up to {@code limit} not parsed yet. */
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;

    RespReader(InputStream in) {
        this.in = in;
    }

    Object read() throws IOException {
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
                items.add(read());
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
        if (limit - position >= length) {
            value = new String(buffer, position, length, StandardCharsets.UTF_8);
            position += length;
        } else {
            byte[] bytes = new byte[length];
            int copied = limit - position;
            System.arraycopy(buffer, position, bytes, 0, copied);
            position = limit;
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
        int start = position;
        StringBuilder spilled = null;
        while (true) {
            if (position == limit) {
                // the line goes on past what was read: keep its start before the buffer is refilled
                spilled = spilled == null ? new StringBuilder() : spilled;
                spilled.append(new String(buffer, start, position - start, StandardCharsets.UTF_8));
                fill();
                start = 0;
            }
            if (buffer[position] == '\r') {
                String tail = new String(buffer, start, position - start, StandardCharsets.UTF_8);
                position++;
                readByte();
                return spilled == null ? tail : spilled.append(tail).toString();
            }
            position++;
        }
    }

    private byte readByte() throws IOException {
        if (position == limit) {
            fill();
        }
        return buffer[position++];
    }

    private void fill() throws IOException {
        int read = in.read(buffer, 0, buffer.length);
        if (read < 0) {
            throw new IOException("Redis closed the connection");
        }
        position = 0;
        limit = read;
    }
}
