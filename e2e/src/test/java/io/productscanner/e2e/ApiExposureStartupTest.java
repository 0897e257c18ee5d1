package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The distribution refuses to start an API it cannot protect, naming the setting to change and exiting non-zero
 * before it connects to anything (the Redis given here does not exist); with the explicit opt-in it starts, says
 * so loudly, and still answers only requests addressed to it.
 */
class ApiExposureStartupTest {
    private static final String NO_REDIS = "redis://127.0.0.1:1";

    @Test
    void aNetworkHostWithoutATokenStopsTheApiNamingBothWaysOut() throws Exception {
        ScannerProcessHandle.Finished run = ScannerProcessHandle.run(
                Map.of(
                        "HOST",
                        "0.0.0.0",
                        "REDIS_URL",
                        NO_REDIS,
                        "PORT",
                        Integer.toString(ScannerProcessHandle.freePort())),
                Duration.ofSeconds(60),
                "api");

        assertEquals(1, run.exitCode(), run.output());
        assertTrue(
                run.output()
                        .contains("product-scanner: HOST=0.0.0.0 would let anyone who reaches that address "
                                + "run and read jobs, and API_TOKEN is not set"),
                run.output());
        assertTrue(run.output().contains("ALLOW_UNAUTHENTICATED=true"), run.output());
    }

    @Test
    void aShortTokenStopsServeWithoutEchoingIt() throws Exception {
        ScannerProcessHandle.Finished run = ScannerProcessHandle.run(
                Map.of("API_TOKEN", "hunter2", "REDIS_URL", NO_REDIS), Duration.ofSeconds(60), "serve");

        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains("API_TOKEN is 7 characters long; it must be at least 16"), run.output());
        assertFalse(run.output().contains("hunter2"), run.output());
    }

    @Test
    void withTheOptInANetworkHostServesWithoutATokenWarnsAndStillChecksHost() throws Exception {
        int port = ScannerProcessHandle.freePort();
        try (TestRedisServer redis = new TestRedisServer();
                ScannerProcessHandle api = ScannerProcessHandle.start(
                        Map.of(
                                "HOST",
                                "0.0.0.0",
                                "ALLOW_UNAUTHENTICATED",
                                "true",
                                "REDIS_URL",
                                redis.url(),
                                "PORT",
                                Integer.toString(port)),
                        "api")) {
            api.awaitOutput("event=process.ready", Duration.ofSeconds(60));

            String listening = api.output()
                    .lines()
                    .filter(l -> l.contains("event=api.listening"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no api.listening line"));
            assertTrue(
                    listening.contains("WARN")
                            && listening.contains("host=0.0.0.0")
                            && listening.contains("auth=none")
                            && listening.contains("anyone who reaches this address can run and read jobs"),
                    listening);
            assertTrue(statusLine(port, "127.0.0.1:" + port).contains(" 200 "));
            assertTrue(statusLine(port, "evil.example:" + port).contains(" 421 "));
        }
    }

    /** The status line of {@code GET /api/v2/platforms} sent with {@code host} as its Host header. */
    private static String statusLine(int port, String host) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v2/platforms HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
                line.append((char) c);
            }
            return line.toString();
        }
    }
}
