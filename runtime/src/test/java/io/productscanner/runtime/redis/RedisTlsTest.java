package io.productscanner.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.NewJob;
import io.productscanner.runtime.queue.QueuePolicy;
import io.productscanner.runtime.queue.Queues;
import io.productscanner.runtime.testing.TestCertificates;
import io.productscanner.runtime.testing.TlsRedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rediss://} against Debian's redis-server speaking only TLS, with a CA, server and client certificates made
 * for the test: the queue's path and every kind of connection the runtime opens work trusting REDIS_TLS_CA_FILE, a
 * certificate the process cannot trust or that names another host stops the connection saying so, mutual TLS works
 * with REDIS_TLS_CERT_FILE/REDIS_TLS_KEY_FILE, and a Sentinel over TLS ({@code rediss-sentinel://}) leads to the
 * primary over TLS.
 */
class RedisTlsTest {
    private static final String MASTER = "mymaster";

    @TempDir
    static Path dir;

    private static TestCertificates certificates;
    private static TlsRedisServer redis;
    private static TlsRedisServer mutualRedis;
    private static TlsRedisServer sentinel;

    @BeforeAll
    static void startServers() throws Exception {
        certificates = TestCertificates.createIn(dir);
        redis = TlsRedisServer.start(certificates, dir, false);
        mutualRedis = TlsRedisServer.start(certificates, dir, true);
        sentinel = TlsRedisServer.startSentinel(certificates, dir, redis, MASTER);
    }

    @AfterAll
    static void stopServers() {
        for (TlsRedisServer server : new TlsRedisServer[] {sentinel, mutualRedis, redis}) {
            if (server != null) {
                server.close();
            }
        }
    }

    private static String url(String host, TlsRedisServer server) {
        return "rediss://:" + TlsRedisServer.PASSWORD + "@" + host + ":" + server.port();
    }

    private static RedisConnections connect(String url, Map<String, String> tlsSettings) {
        Map<String, String> settings = new HashMap<>(tlsSettings);
        settings.put("REDIS_URL", url);
        RedisConfig config = RedisConfig.from(Settings.of(settings));
        return RedisConnections.connect(config.uri().orElseThrow(), config.tls());
    }

    private static Map<String, String> trustingTestCa() {
        return Map.of("REDIS_TLS_CA_FILE", certificates.caCert().toString());
    }

    @Test
    void theQueueRunsOverTlsTrustingTheCaFile() throws Exception {
        try (RedisConnections connections = connect(url("127.0.0.1", redis), trustingTestCa())) {
            assertJobRunsThrough(connections);
        }
    }

    @Test
    void blockingReadsAndSubscriptionsGoOverTlsToo() throws Exception {
        try (RedisConnections connections = connect(url("localhost", redis), trustingTestCa());
                StatefulRedisConnection<String, String> blocking = connections.openBlocking();
                StatefulRedisPubSubConnection<String, String> pubSub = connections.openPubSub()) {
            BlockingQueue<String> heard = new ArrayBlockingQueue<>(1);
            pubSub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    heard.add(message);
                }
            });
            pubSub.sync().subscribe("tls-test:channel");
            connections.commands().publish("tls-test:channel", "over tls");
            assertEquals("over tls", heard.poll(10, TimeUnit.SECONDS));

            connections.commands().rpush("tls-test:wake", "job");
            KeyValue<String, String> woken = blocking.sync().blpop(5, "tls-test:wake");
            assertEquals("job", woken.getValue());
        }
    }

    @Test
    void withoutTheCaFileTheServerIsNotTrustedAndTheErrorSaysWhatToSet() {
        RedisConnectionException e =
                assertThrows(RedisConnectionException.class, () -> connect(url("127.0.0.1", redis), Map.of()));

        assertTrue(e.getMessage().contains("not signed by a CA this process trusts"), e.getMessage());
        assertTrue(e.getMessage().contains("REDIS_TLS_CA_FILE"), e.getMessage());
    }

    @Test
    void aCaThatDidNotSignTheServersCertificateIsNotTrusted() {
        RedisConnectionException e = assertThrows(
                RedisConnectionException.class,
                () -> connect(
                        url("127.0.0.1", redis),
                        Map.of("REDIS_TLS_CA_FILE", certificates.otherCaCert().toString())));

        assertTrue(e.getMessage().contains("not signed by a CA this process trusts"), e.getMessage());
    }

    @Test
    void aHostTheCertificateDoesNotNameIsRefused() {
        // the same server, reached on a loopback address its certificate does not list
        RedisConnectionException e =
                assertThrows(RedisConnectionException.class, () -> connect(url("127.0.0.2", redis), trustingTestCa()));

        assertTrue(e.getMessage().contains("does not name the host 127.0.0.2"), e.getMessage());
    }

    @Test
    void verifyPeerCaInTheUrlChecksTheCaButNotTheHostName() throws Exception {
        try (RedisConnections connections = connect(url("127.0.0.2", redis) + "?verifyPeer=CA", trustingTestCa())) {
            assertEquals("PONG", connections.commands().ping());
        }
    }

    @Test
    void mutualTlsWorksWithTheClientCertificate() throws Exception {
        Map<String, String> settings = Map.of(
                "REDIS_TLS_CA_FILE", certificates.caCert().toString(),
                "REDIS_TLS_CERT_FILE", certificates.clientCert().toString(),
                "REDIS_TLS_KEY_FILE", certificates.clientKey().toString());
        try (RedisConnections connections = connect(url("127.0.0.1", mutualRedis), settings)) {
            assertJobRunsThrough(connections);
        }
    }

    @Test
    void aServerThatWantsAClientCertificateRefusesOneWithoutAndTheErrorSaysSo() {
        RuntimeException e =
                assertThrows(RuntimeException.class, () -> connect(url("127.0.0.1", mutualRedis), trustingTestCa()));

        assertTrue(e.getMessage().contains("REDIS_TLS_CERT_FILE"), e.getMessage());
    }

    @Test
    void aSentinelOverTlsLeadsToThePrimaryOverTls() throws Exception {
        String url = "rediss-sentinel://:" + TlsRedisServer.PASSWORD + "@127.0.0.1:" + sentinel.port() + "#" + MASTER;
        try (RedisConnections connections = connect(url, trustingTestCa())) {
            assertJobRunsThrough(connections);
        }
    }

    /** Enqueue, claim and finish, through the queue's scripts. */
    private static void assertJobRunsThrough(RedisConnections connections) {
        RedisKeys keys = new RedisKeys("tls-" + UUID.randomUUID().toString().substring(0, 8) + ":");
        JobQueue queue = Queues.over(
                        connections.commands(), keys, QueuePolicy.of(Duration.ofSeconds(30), Duration.ofHours(1)))
                .jobs();
        String id = UUID.randomUUID().toString();
        queue.enqueue(new NewJob(
                id, "wf-tls", "tls", 0, JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode()));

        ClaimedJob job =
                queue.claim("tls", UUID.randomUUID().toString(), "tls-worker").orElseThrow();
        assertEquals(id, job.jobId());
        assertTrue(queue.complete(job, JobOutcome.completed(null)));
    }
}
