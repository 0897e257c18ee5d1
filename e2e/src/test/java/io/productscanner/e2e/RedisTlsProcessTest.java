package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.testing.TestCertificates;
import io.productscanner.runtime.testing.TlsRedisServer;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's processes against Debian's redis-server speaking only TLS and demanding client certificates
 * (a CA, server and client certificates made by openssl for the test): {@code serve} over {@code rediss://} with
 * REDIS_TLS_CA_FILE, REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE runs a musinsa job to completion, on a JVM limited to
 * the jlink image's modules (distribution/src/jlink/jdk-modules.txt), so the image has what TLS needs; an {@code api}
 * process without the CA stops at start saying the certificate is not trusted and what to set.
 */
class RedisTlsProcessTest {
    @TempDir
    static Path work;

    private static TestCertificates certificates;
    private static TlsRedisServer redis;

    @BeforeAll
    static void startRedis() throws Exception {
        Path pki = Files.createDirectories(work.resolve("pki"));
        certificates = TestCertificates.createIn(pki);
        redis = TlsRedisServer.start(certificates, pki, true);
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    private static String url() {
        return "rediss://:" + TlsRedisServer.PASSWORD + "@localhost:" + redis.port();
    }

    /**
     * For {@code --limit-modules}: the image's JDK modules and the distribution's own, so the JVM sees no other JDK
     * module, as on the image. (A module's {@code requires} would pull a JDK module in, but jdeps already checks those;
     * what this catches is a module TLS finds only as a service, such as a security provider.)
     */
    private static String imageModules() throws Exception {
        Stream<String> jdk =
                Files.readAllLines(RuntimeImage.ROOT.resolve("distribution/src/jlink/jdk-modules.txt")).stream()
                        .map(line -> line.replaceAll("#.*", "").strip())
                        .filter(module -> !module.isEmpty());
        Stream<String> distribution = ModuleFinder.of(
                        ScannerProcessHandle.DIST.resolve("lib"), ScannerProcessHandle.DIST.resolve("lib/tools"))
                .findAll()
                .stream()
                .map(module -> module.descriptor().name());
        return Stream.concat(jdk, distribution).collect(Collectors.joining(","));
    }

    @Test
    void serveRunsAJobOverMutualTlsOnTheImagesModules() throws Exception {
        try (MirroredServe serving = MirroredServe.start(
                MirroredServe.FIXTURES,
                work,
                Map.of(
                        "REDIS_URL", url(),
                        "REDIS_TLS_CA_FILE", certificates.caCert().toString(),
                        "REDIS_TLS_CERT_FILE", certificates.clientCert().toString(),
                        "REDIS_TLS_KEY_FILE", certificates.clientKey().toString(),
                        "WORKER_PLATFORMS", "musinsa",
                        "MUSINSA_PACING_MS", "0",
                        "JAVA_OPTS", "--limit-modules " + imageModules()))) {
            Api.Reply submitted = serving.api().post("/api/v2/workflows/execute", """
                    {"workflow_id": "musinsa-validation-v2", "params": {"products": [
                       {"url": "https://www.musinsa.com/products/3674341",
                        "expected": {"original_price": 19900, "discounted_price": 14900, "sale_status": "on_sale"}}
                     ]}}""");
            assertEquals(202, submitted.status(), submitted.raw());
            String jobId = submitted.body().path("data").path("job_id").asText();

            JsonNode job = serving.api().awaitFinished(jobId, Duration.ofSeconds(60));
            assertEquals("completed", job.path("status").asText(), job.toString());
            assertEquals(1, job.path("result").path("summary").path("match").asInt(), job.toString());
            assertTrue(
                    serving.server()
                            .output()
                            .contains("event=job.finished job_id=" + jobId + " platform=musinsa status=completed"),
                    serving.server().output());
        }
    }

    @Test
    void anApiWithoutTheCaStopsAtStartSayingTheCertificateIsNotTrusted() throws Exception {
        ScannerProcessHandle.Finished run = ScannerProcessHandle.run(
                Map.of(
                        "REDIS_URL", url(),
                        "PORT", Integer.toString(ScannerProcessHandle.freePort()),
                        "REDIS_TLS_CERT_FILE", certificates.clientCert().toString(),
                        "REDIS_TLS_KEY_FILE", certificates.clientKey().toString()),
                Duration.ofSeconds(60),
                "api");

        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("not signed by a CA this process trusts"), run.output());
        assertTrue(run.output().contains("set REDIS_TLS_CA_FILE"), run.output());
        assertTrue(run.output().contains("event=redis.tls_failed"), run.output());
    }
}
