package io.productscanner.runtime.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * What any local process can do with a Redis port: open a socket and send commands, knowing no more than the port.
 * Each call answers the first line of Redis's reply ({@code +OK}, {@code -NOAUTH ...}, {@code :1}, {@code $3}) and
 * reads the rest, which must hold no line break.
 */
public final class RawRedisClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final BufferedReader in;

    public RawRedisClient(int port) throws IOException {
        this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(5_000);
        this.out = socket.getOutputStream();
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Sends one command as RESP and returns the first line of the reply. */
    public String call(String... args) throws IOException {
        StringBuilder command = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            command.append('$')
                    .append(arg.getBytes(StandardCharsets.UTF_8).length)
                    .append("\r\n")
                    .append(arg)
                    .append("\r\n");
        }
        out.write(command.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return readReply();
    }

    /** Reads one whole reply (so the next call reads its own) and returns its first line. */
    private String readReply() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("Redis closed the connection");
        }
        if (line.startsWith("$") && !line.equals("$-1")) {
            in.readLine(); // the payload: tests send and read text without line breaks
        } else if (line.startsWith("*") && !line.equals("*-1")) {
            for (int i = Integer.parseInt(line.substring(1)); i > 0; i--) {
                readReply();
            }
        }
        return line;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
