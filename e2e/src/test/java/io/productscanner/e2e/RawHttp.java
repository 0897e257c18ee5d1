package io.productscanner.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.testing.ApiContract;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain loopback socket, one connection per request, so a test can send what a well-behaved
 * client never would: any method, an unnormalised request target, a Content-Length the body does not match. Every
 * answer must still be one the OpenAPI document allows ({@link ApiContract}).
 */
final class RawHttp {
    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    record Reply(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            try {
                return body.isEmpty() ? Api.JSON.nullNode() : Api.JSON.readTree(body);
            } catch (IOException e) {
                return Api.JSON.nullNode();
            }
        }
    }

    Reply send(String method, String target, byte[] body, String contentType) throws IOException {
        return send(method, target, body, contentType, body == null ? -1 : body.length, false);
    }

    /**
     * @param declaredLength the Content-Length header sent (-1: none); only {@code body} is written after it
     * @param chunked        send {@code body} with chunked transfer coding instead of a Content-Length
     */
    Reply send(String method, String target, byte[] body, String contentType, long declaredLength, boolean chunked)
            throws IOException {
        return send(method, target, body, contentType, declaredLength, chunked, "127.0.0.1:" + port, List.of());
    }

    /**
     * @param host         the Host header sent; null sends none
     * @param extraHeaders whole header lines (without CRLF) sent as they are, after Host
     */
    Reply send(
            String method,
            String target,
            byte[] body,
            String contentType,
            long declaredLength,
            boolean chunked,
            String host,
            List<String> extraHeaders)
            throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            if (host != null) {
                head.append("Host: ").append(host).append("\r\n");
            }
            head.append("Connection: close\r\n");
            extraHeaders.forEach(line -> head.append(line).append("\r\n"));
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            if (chunked) {
                head.append("Transfer-Encoding: chunked\r\n");
            } else if (declaredLength >= 0) {
                head.append("Content-Length: ").append(declaredLength).append("\r\n");
            }
            head.append("\r\n");
            try {
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (body != null) {
                    if (chunked) {
                        for (int at = 0; at < body.length; at += 65_536) {
                            int n = Math.min(65_536, body.length - at);
                            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                            out.write(body, at, n);
                            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        }
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    } else {
                        out.write(body);
                    }
                }
                out.flush();
            } catch (IOException refusedEarly) {
                // the server may answer and close before the whole body is written: read what it said
            }
            Reply reply = read(socket.getInputStream());
            ApiContract.get()
                    .check(
                            method,
                            target,
                            reply.status(),
                            reply.headers().get("content-type"),
                            reply.headers().get("location"),
                            reply.body());
            return reply;
        }
    }

    private static Reply read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException("no HTTP answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            if (colon > 0) {
                headers.put(
                        l.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        l.substring(colon + 1).trim());
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            while (true) {
                String size = line(in);
                if (size == null) {
                    break;
                }
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    break;
                }
                body.write(in.readNBytes(n));
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else {
            body.write(in.readAllBytes());
        }
        return new Reply(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = bytes.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            bytes.write(c);
        }
        return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
