package io.productscanner.runtime.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway public key infrastructure made with the {@code openssl} command line in a folder: a test CA, a server
 * certificate it signs for {@code localhost} and {@code 127.0.0.1} (and no other name), a client certificate it
 * signs, and a second CA that signed none of them. Keys are P-256, written as unencrypted PKCS#8 PEM, as Java reads
 * them.
 */
public record TestCertificates(
        Path caCert, Path serverCert, Path serverKey, Path clientCert, Path clientKey, Path otherCaCert) {

    /** Made now in {@code dir}. */
    public static TestCertificates createIn(Path dir) throws IOException, InterruptedException {
        Path ca = makeCa(dir, "test-ca");
        Path otherCa = makeCa(dir, "other-ca");
        Path serverExtensions = Files.writeString(
                dir.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        Path clientExtensions = Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        signed(dir, "server", "localhost", serverExtensions);
        signed(dir, "client", "product-scanner", clientExtensions);
        return new TestCertificates(
                dir.resolve("test-ca.crt"),
                dir.resolve("server.crt"),
                dir.resolve("server.key"),
                dir.resolve("client.crt"),
                dir.resolve("client.key"),
                otherCa);
    }

    private static Path makeCa(Path dir, String name) throws IOException, InterruptedException {
        openssl(
                dir,
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                name + ".key",
                "-out",
                name + ".crt",
                "-days",
                "2",
                "-subj",
                "/CN=" + name,
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign");
        return dir.resolve(name + ".crt");
    }

    private static void signed(Path dir, String name, String commonName, Path extensions)
            throws IOException, InterruptedException {
        openssl(
                dir,
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                name + ".key",
                "-out",
                name + ".csr",
                "-subj",
                "/CN=" + commonName);
        openssl(
                dir,
                "x509",
                "-req",
                "-in",
                name + ".csr",
                "-CA",
                "test-ca.crt",
                "-CAkey",
                "test-ca.key",
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                extensions.getFileName().toString(),
                "-out",
                name + ".crt");
    }

    private static void openssl(Path dir, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Path log = dir.resolve("openssl.log");
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed:\n" + Files.readString(log));
        }
    }
}
