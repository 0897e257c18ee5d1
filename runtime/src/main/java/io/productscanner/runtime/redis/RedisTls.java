package io.productscanner.runtime.redis;

import io.lettuce.core.SslOptions;
import io.productscanner.runtime.config.Setting;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.config.SettingsException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Optional;

/**
 * What a {@code rediss://} connection trusts and shows: the CA bundle that replaces the JVM's trusted CAs (a
 * managed Redis's provider CA, or a private one), and the client certificate and key for a Redis that demands
 * mutual TLS. Every file is read and checked at start-up, so a wrong path or a key Java cannot load stops the
 * process naming the setting rather than failing at the first connection. Peer verification is Lettuce's
 * ({@code verifyPeer} in the URL, full by default: the certificate must chain to a trusted CA and name the host).
 *
 * @param caFile   {@code REDIS_TLS_CA_FILE}: PEM certificates to trust; empty trusts the JVM's default CAs
 * @param certFile {@code REDIS_TLS_CERT_FILE}: PEM client certificate (chain), with {@code keyFile}
 * @param keyFile  {@code REDIS_TLS_KEY_FILE}: its unencrypted PKCS#8 PEM private key
 */
public record RedisTls(Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile) {
    /** The JVM's trusted CAs and no client certificate: what a {@code rediss://} URL alone gets. */
    public static final RedisTls DEFAULTS = new RedisTls(Optional.empty(), Optional.empty(), Optional.empty());

    public RedisTls {
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw new SettingsException(
                    "REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE go together: set both for mutual TLS, or neither");
        }
    }

    /** Read from the settings, every file checked now. */
    public static RedisTls from(Settings settings) {
        Optional<Path> ca = settings.optionalValue(Setting.REDIS_TLS_CA_FILE, Path::of);
        Optional<Path> cert = settings.optionalValue(Setting.REDIS_TLS_CERT_FILE, Path::of);
        Optional<Path> key = settings.optionalValue(Setting.REDIS_TLS_KEY_FILE, Path::of);
        ca.ifPresent(file -> checkCertificates(Setting.REDIS_TLS_CA_FILE, file));
        cert.ifPresent(file -> checkCertificates(Setting.REDIS_TLS_CERT_FILE, file));
        key.ifPresent(RedisTls::checkKey);
        return new RedisTls(ca, cert, key);
    }

    /** Whether any TLS file is set (which only a {@code rediss://} URL uses). */
    public boolean configured() {
        return caFile.isPresent() || certFile.isPresent();
    }

    /** Lettuce's options for these files, on the JDK's TLS (no native library in the image). */
    public SslOptions sslOptions() {
        SslOptions.Builder builder = SslOptions.builder().jdkSslProvider();
        caFile.ifPresent(file -> builder.trustManager(file.toFile()));
        certFile.ifPresent(
                cert -> builder.keyManager(cert.toFile(), keyFile.orElseThrow().toFile(), null));
        return builder.build();
    }

    private static void checkCertificates(Setting setting, Path file) {
        byte[] pem = read(setting, file);
        try (InputStream in = new ByteArrayInputStream(pem)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw new SettingsException(setting.envName() + "=" + file + " holds no PEM certificate");
            }
        } catch (CertificateException | IOException e) {
            throw new SettingsException(
                    setting.envName() + "=" + file + " is not a PEM certificate file: " + e.getMessage());
        }
    }

    private static void checkKey(Path file) {
        String pem = new String(read(Setting.REDIS_TLS_KEY_FILE, file), StandardCharsets.US_ASCII);
        if (pem.contains("-----BEGIN PRIVATE KEY-----")) {
            return;
        }
        // Java reads unencrypted PKCS#8 only; OpenSSL's older forms are one command away from it
        String hint = pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")
                ? "it is encrypted; decrypt it"
                : pem.contains("PRIVATE KEY-----") ? "it is in an OpenSSL-specific form" : "it holds no PEM key";
        throw new SettingsException("REDIS_TLS_KEY_FILE=" + file + " is not an unencrypted PKCS#8 PEM key (" + hint
                + "): convert it with `openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8`");
    }

    private static byte[] read(Setting setting, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SettingsException(setting.envName() + "=" + file + " cannot be read: " + describe(e));
        }
    }

    private static String describe(IOException e) {
        return switch (e) {
            case NoSuchFileException missing -> "no such file";
            case AccessDeniedException denied -> "permission denied";
            default -> e.toString();
        };
    }
}
