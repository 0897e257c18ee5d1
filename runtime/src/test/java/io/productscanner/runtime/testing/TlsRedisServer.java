package io.productscanner.runtime.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's redis-server speaking TLS only ({@code --port 0 --tls-port}), as a managed Redis with in-transit
 * encryption does, on 127.0.0.1 and 127.0.0.2 (the second an address its certificate does not name), with a
 * password; or a Sentinel over TLS watching one. The caller closes it; the process is killed then.
 */
public final class TlsRedisServer implements AutoCloseable {
    public static final String PASSWORD = "tls-test-password";

    private final Process process;
    private final int port;
    private final Path log;

    private TlsRedisServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** A Redis whose clients must show a certificate the test CA signed when {@code requireClientCertificate}. */
    public static TlsRedisServer start(TestCertificates certificates, Path dir, boolean requireClientCertificate)
            throws IOException, InterruptedException {
        int port = freeLoopbackPort();
        Path conf = Files.writeString(
                dir.resolve("redis-" + port + ".conf"),
                tlsLines(certificates, port, requireClientCertificate) + "requirepass " + PASSWORD
                        + "\nsave \"\"\nappendonly no\ndir " + dir + "\n");
        return launch(List.of("redis-server", conf.toString()), port, dir, "Ready to accept connections");
    }

    /** A Sentinel over TLS that watches {@code primary} as {@code masterName} and reaches it over TLS too. */
    public static TlsRedisServer startSentinel(
            TestCertificates certificates, Path dir, TlsRedisServer primary, String masterName)
            throws IOException, InterruptedException {
        int port = freeLoopbackPort();
        // rewritten by the Sentinel as it runs, so a file of its own
        Path conf = Files.writeString(
                dir.resolve("sentinel-" + port + ".conf"),
                tlsLines(certificates, port, false) + "tls-replication yes\ndir " + dir + "\nsentinel monitor "
                        + masterName + " 127.0.0.1 " + primary.port() + " 1\nsentinel auth-pass " + masterName + " "
                        + PASSWORD + "\n");
        return launch(List.of("redis-server", conf.toString(), "--sentinel"), port, dir, "+monitor master");
    }

    private static String tlsLines(TestCertificates certificates, int port, boolean requireClientCertificate) {
        return "port 0\ntls-port " + port + "\nbind 127.0.0.1 127.0.0.2\ntls-cert-file " + certificates.serverCert()
                + "\ntls-key-file " + certificates.serverKey() + "\ntls-ca-cert-file " + certificates.caCert()
                + "\ntls-auth-clients " + (requireClientCertificate ? "yes" : "no") + "\n";
    }

    private static TlsRedisServer launch(List<String> command, int port, Path dir, String readyLine)
            throws IOException, InterruptedException {
        Path log = dir.resolve("redis-" + port + ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        TlsRedisServer server = new TlsRedisServer(process, port, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.readString(log).contains(readyLine)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IOException(String.join(" ", command) + " did not start:\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return server;
    }

    public int port() {
        return port;
    }

    /** What the server wrote, for failure messages. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
