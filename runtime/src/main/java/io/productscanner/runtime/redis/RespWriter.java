package io.productscanner.runtime.redis;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Encodes commands in RESP2 (an array of bulk strings) into one reusable buffer, written in one go. */
final class RespWriter {
    private byte[] buffer = new byte[1024];
    private int length;

    /** Writes {@code command} to {@code out} as one RESP array; the caller keeps other writers out meanwhile. */
    void write(OutputStream out, String[] command) throws IOException {
        length = 0;
        appendHeader('*', command.length);
        for (String argument : command) {
            appendBulk(argument);
        }
        out.write(buffer, 0, length);
    }

    private void appendHeader(char type, int count) {
        ensureRoom(13);
        buffer[length++] = (byte) type;
        appendDecimal(count);
        buffer[length++] = '\r';
        buffer[length++] = '\n';
    }

    private void appendDecimal(int value) {
        if (value == 0) {
            buffer[length++] = '0';
            return;
        }
        int start = length;
        for (int rest = value; rest > 0; rest /= 10) {
            buffer[length++] = (byte) ('0' + rest % 10);
        }
        for (int i = start, j = length - 1; i < j; i++, j--) {
            byte swap = buffer[i];
            buffer[i] = buffer[j];
            buffer[j] = swap;
        }
    }

    /** Appends a bulk string; ASCII (keys, ids, numbers) is copied char by char, anything else encoded as UTF-8. */
    private void appendBulk(String value) {
        int chars = value.length();
        boolean ascii = true;
        for (int i = 0; i < chars && ascii; i++) {
            ascii = value.charAt(i) < 0x80;
        }
        if (ascii) {
            appendHeader('$', chars);
            ensureRoom(chars + 2);
            for (int i = 0; i < chars; i++) {
                buffer[length++] = (byte) value.charAt(i);
            }
        } else {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            appendHeader('$', bytes.length);
            ensureRoom(bytes.length + 2);
            System.arraycopy(bytes, 0, buffer, length, bytes.length);
            length += bytes.length;
        }
        buffer[length++] = '\r';
        buffer[length++] = '\n';
    }

    private void ensureRoom(int bytes) {
        if (length + bytes > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + bytes));
        }
    }
}
