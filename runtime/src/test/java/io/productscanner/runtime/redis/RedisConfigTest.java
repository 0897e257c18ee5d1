package io.productscanner.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.config.SettingsException;
import io.productscanner.runtime.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** REDIS_URL, else REDIS_HOST with REDIS_PORT and REDIS_PASSWORD; neither means no configured Redis. */
class RedisConfigTest {
    @Test
    void aHostWithPortAndPasswordMakesTheUri() {
        RedisURI uri = RedisConfig.from(Settings.of(Map.of(
                        "REDIS_URL",
                        "",
                        "REDIS_HOST",
                        "redis.internal",
                        "REDIS_PORT",
                        "6380",
                        "REDIS_PASSWORD",
                        "s3cret")))
                .uri()
                .orElseThrow();

        assertEquals("redis.internal", uri.getHost());
        assertEquals(6380, uri.getPort());
        assertEquals(
                "s3cret",
                new String(uri.getCredentialsProvider()
                        .resolveCredentials()
                        .block()
                        .getPassword()));
    }

    @Test
    void theUrlWinsOverTheHost() {
        RedisURI uri = RedisConfig.from(
                        Settings.of(Map.of("REDIS_URL", "redis://:pw@10.1.2.3:7000/2", "REDIS_HOST", "ignored")))
                .uri()
                .orElseThrow();

        assertEquals("10.1.2.3", uri.getHost());
        assertEquals(7000, uri.getPort());
        assertEquals(2, uri.getDatabase());
    }

    @Test
    void neitherUrlNorHostMeansNoConfiguredRedis() {
        assertTrue(RedisConfig.from(Settings.of(Map.of("REDIS_URL", "", "REDIS_HOST", " ")))
                .uri()
                .isEmpty());
    }

    @Test
    void theKeyPrefixDefaultsToWorkflow() {
        assertEquals(
                "workflow:",
                RedisConfig.from(Settings.of(Map.of("REDIS_KEY_PREFIX", ""))).keyPrefix());
        assertEquals(
                "staging:",
                RedisConfig.from(Settings.of(Map.of("REDIS_KEY_PREFIX", "staging:")))
                        .keyPrefix());
    }

    @Test
    void aPortThatIsNoNumberStopsStartUpNamingIt() {
        SettingsException e =
                assertThrows(SettingsException.class, () -> RedisConfig.from(Settings.of(Map.of("REDIS_PORT", "six"))));

        assertTrue(e.getMessage().startsWith("REDIS_PORT='six' is not valid"), e.getMessage());
    }

    @Test
    void itsTextShowsNoSecret() {
        String text = RedisConfig.from(Settings.of(Map.of(
                        "REDIS_URL",
                        "redis-sentinel://:hunter2@h:1#m",
                        "REDIS_PASSWORD",
                        "hunter3",
                        "REDIS_SENTINEL_PASSWORD",
                        "hunter4")))
                .toString();

        assertFalse(text.contains("hunter"), text);
    }

    @Test
    void aMissingCaFileStopsStartUpNamingTheSetting(@TempDir Path dir) {
        Path missing = dir.resolve("ca.pem");
        SettingsException e = assertThrows(
                SettingsException.class,
                () -> RedisConfig.from(Settings.of(
                        Map.of("REDIS_URL", "rediss://redis:6380", "REDIS_TLS_CA_FILE", missing.toString()))));

        assertEquals("REDIS_TLS_CA_FILE=" + missing + " cannot be read: no such file", e.getMessage());
    }

    @Test
    void aCaFileWithoutCertificatesStopsStartUp(@TempDir Path dir) throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
        SettingsException e = assertThrows(
                SettingsException.class,
                () -> RedisConfig.from(Settings.of(
                        Map.of("REDIS_URL", "rediss://redis:6380", "REDIS_TLS_CA_FILE", notPem.toString()))));

        assertTrue(e.getMessage().startsWith("REDIS_TLS_CA_FILE=" + notPem + " "), e.getMessage());
    }

    @Test
    void aCertificateWithoutItsKeyIsRefused(@TempDir Path dir) throws Exception {
        TestCertificates certificates = TestCertificates.createIn(dir);
        SettingsException e = assertThrows(
                SettingsException.class,
                () -> RedisConfig.from(Settings.of(Map.of(
                        "REDIS_URL",
                        "rediss://redis:6380",
                        "REDIS_TLS_CERT_FILE",
                        certificates.clientCert().toString()))));

        assertTrue(e.getMessage().contains("REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE go together"), e.getMessage());
    }

    @Test
    void aKeyJavaCannotReadIsRefusedWithTheCommandThatConvertsIt(@TempDir Path dir) throws Exception {
        TestCertificates certificates = TestCertificates.createIn(dir);
        Path opensslKey = Files.writeString(
                dir.resolve("client-ec.key"),
                "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIA==\n-----END EC PRIVATE KEY-----\n");
        SettingsException e = assertThrows(
                SettingsException.class,
                () -> RedisConfig.from(Settings.of(Map.of(
                        "REDIS_URL", "rediss://redis:6380",
                        "REDIS_TLS_CERT_FILE", certificates.clientCert().toString(),
                        "REDIS_TLS_KEY_FILE", opensslKey.toString()))));

        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e.getMessage());
    }

    @Test
    void aSentinelPasswordGoesToEverySentinelAndTheUrlsToTheDataNodes() {
        RedisURI uri = RedisConfig.from(Settings.of(Map.of(
                        "REDIS_URL",
                        "redis-sentinel://:data-secret@s1:26379,s2:26380#mymaster",
                        "REDIS_SENTINEL_PASSWORD",
                        "sentinel-secret")))
                .uri()
                .orElseThrow();

        assertEquals("data-secret", passwordOf(uri));
        assertEquals(2, uri.getSentinels().size());
        for (RedisURI sentinel : uri.getSentinels()) {
            assertEquals("sentinel-secret", passwordOf(sentinel), sentinel.toString());
        }
    }

    private static String passwordOf(RedisURI uri) {
        return new String(
                uri.getCredentialsProvider().resolveCredentials().block().getPassword());
    }

    @Test
    void aSentinelPasswordWithoutSentinelsIsRefusedRatherThanIgnored() {
        SettingsException e = assertThrows(
                SettingsException.class,
                () -> RedisConfig.from(Settings.of(
                        Map.of("REDIS_URL", "redis://redis:6379", "REDIS_SENTINEL_PASSWORD", "sentinel-secret"))));

        assertTrue(e.getMessage().startsWith("REDIS_SENTINEL_PASSWORD applies only to Sentinels"), e.getMessage());
    }

    @Test
    void tlsFilesWithAPlainUrlAreRefusedRatherThanIgnored(@TempDir Path dir) throws Exception {
        TestCertificates certificates = TestCertificates.createIn(dir);
        SettingsException e = assertThrows(
                SettingsException.class,
                () -> RedisConfig.from(Settings.of(Map.of(
                        "REDIS_URL",
                        "redis://redis:6379",
                        "REDIS_TLS_CA_FILE",
                        certificates.caCert().toString()))));

        assertTrue(e.getMessage().contains("set REDIS_URL=rediss://"), e.getMessage());
    }

    @Test
    void peerVerificationIsFullUnlessTheUrlSaysOtherwise() {
        RedisURI uri = RedisConfig.from(Settings.of(Map.of("REDIS_URL", "rediss://redis:6380")))
                .uri()
                .orElseThrow();

        assertTrue(uri.isSsl());
        assertEquals(SslVerifyMode.FULL, uri.getVerifyMode());
    }
}
