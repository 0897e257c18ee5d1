package io.productscanner.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisURI;
import io.productscanner.runtime.ScannerProcess;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.config.SettingsException;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.metrics.ScannerMetrics;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.NewJob;
import io.productscanner.runtime.queue.QueuePolicy;
import io.productscanner.runtime.queue.Queues;
import io.productscanner.runtime.testing.ApiContract;
import io.productscanner.runtime.testing.ApiEnvelope;
import io.productscanner.runtime.testing.StallingProxy;
import io.productscanner.runtime.worker.JobExecutor;
import io.productscanner.runtime.worker.WorkerPool;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code REDIS_MIN_REPLICA_ACKS=1} against a real primary and replica (two redis-server processes on loopback): with
 * the replica live, an enqueue answers 202 and the job is already on the replica; with the replica frozen (SIGSTOP, as
 * a stalled or cut-off replica looks to the primary) the API answers 503 {@code redis_not_replicated} within the
 * wait, the write is counted, and a resubmission with the same idempotency key once the replica is back returns the
 * same job; a worker's claim and outcome go on from what the primary did. Through a loopback proxy, links drop as in
 * a failover: a WAIT cut off confirms nothing on the new primary, and a job's outcome made while Redis is out of
 * reach is written once it is back, by the run that did it.
 */
class ReplicaAcksTest {
    private static final String WORKFLOW = "acks-v1";
    private static final String PREFIX = "acks-api:";
    private static final Duration ACK_WAIT = Duration.ofMillis(500);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path root;

    private static LoopbackRedisProcesses processes;
    private static int primaryPort;
    private static Process replica;
    private static RedisConnections onReplica;
    private static String onReplicaUrl;

    @BeforeAll
    static void startPrimaryAndReplica() throws Exception {
        processes = new LoopbackRedisProcesses(root);
        LoopbackRedisProcesses.Server primary = processes.server();
        primaryPort = primary.port();
        LoopbackRedisProcesses.Server replicaServer = processes.replicaOf(primary);
        replica = replicaServer.process();
        onReplicaUrl = replicaServer.url();
        onReplica = RedisConnections.connect(RedisURI.create(onReplicaUrl));
    }

    @AfterAll
    static void stopServers() {
        if (onReplica != null) {
            onReplica.close();
        }
        if (processes != null) {
            processes.close();
        }
    }

    @AfterEach
    void replicaRuns() {
        signal("CONT", replica);
    }

    @Test
    void anEnqueueIsAcknowledgedOnceTheReplicaHasItAndAnswers503WhileTheReplicaIsFrozen() throws Exception {
        try (ScannerProcess api = ScannerProcess.start(settings(), ScannerProcess.Role.API)) {
            HttpResponse<String> accepted = submit(api, "first");
            assertEquals(202, accepted.statusCode(), accepted.body());
            String jobId =
                    Json.read(accepted.body()).path("data").path("job_id").asText();
            // acknowledged means on the replica already: read there at once, no waiting
            assertEquals("pending", onReplica.commands().hget(PREFIX + "job:" + jobId, "status"));

            // the meters are the JVM's, shared with the tests before this one: count from here
            double unconfirmedBefore =
                    unconfirmedEnqueues(get(api, "/observe/metrics").body());
            signal("STOP", replica);
            long started = System.nanoTime();
            HttpResponse<String> refused = submit(api, "second");
            long answeredMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals(503, refused.statusCode(), refused.body());
            JsonNode error = ApiEnvelope.error(refused);
            assertEquals("redis_not_replicated", error.path("code").asText(), refused.body());
            assertTrue(error.path("message").asText().contains("idempotency_key"), refused.body());
            assertEquals("2", refused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(answeredMs < ACK_WAIT.toMillis() + 2_000, "answered after " + answeredMs + " ms");
            ApiContract.get()
                    .check(
                            "POST",
                            "/api/v2/workflows/execute",
                            503,
                            refused.headers().firstValue("Content-Type").orElse(null),
                            null,
                            refused.body());
            assertEquals(
                    unconfirmedBefore + 1,
                    unconfirmedEnqueues(get(api, "/observe/metrics").body()));

            signal("CONT", replica);
            HttpResponse<String> again = submit(api, "second");
            assertEquals(200, again.statusCode(), again.body());
            JsonNode data = Json.read(again.body()).path("data");
            // the refused submission's job stood on the primary: the same key returns it, nothing is queued twice
            assertEquals("true", data.path("duplicate").asText(), again.body());
            System.out.println("replica-acks: 503 redis_not_replicated after " + answeredMs + " ms (wait "
                    + ACK_WAIT.toMillis() + " ms)");
        }
    }

    @Test
    void aWorkersClaimAndOutcomeGoOnFromThePrimaryWhenTheReplicaDoesNotConfirm() throws Exception {
        RedisKeys keys = new RedisKeys("acks-" + UUID.randomUUID().toString().substring(0, 8) + ":");
        try (RedisConnections redis = RedisConnections.connect(
                RedisURI.create("redis://127.0.0.1:" + primaryPort),
                RedisTls.DEFAULTS,
                new ReplicaAcks(1, ACK_WAIT),
                script -> {})) {
            JobQueue queue =
                    new JobQueue(redis.commands(), keys, QueuePolicy.of(Duration.ofSeconds(30), Duration.ofHours(1)));
            NewJob job = new NewJob(
                    UUID.randomUUID().toString(),
                    WORKFLOW,
                    "default",
                    0,
                    Json.MAPPER.createObjectNode(),
                    Json.MAPPER.createObjectNode());
            queue.enqueue(job);

            signal("STOP", replica);
            assertThrows(
                    WriteNotReplicated.class,
                    () -> queue.enqueue(new NewJob(
                            UUID.randomUUID().toString(),
                            WORKFLOW,
                            "default",
                            0,
                            Json.MAPPER.createObjectNode(),
                            Json.MAPPER.createObjectNode())));
            Optional<ClaimedJob> claimed = queue.claim("default", "token-1", "worker-under-test");
            assertTrue(claimed.isPresent(), "the claim stands on the primary");
            assertEquals(job.jobId(), claimed.get().jobId());
            JobQueue.Finished finished = queue.finishAndClaimNext(
                    claimed.get(),
                    JobOutcome.completed(Json.MAPPER.createObjectNode()),
                    "token-2",
                    "worker-under-test");
            assertTrue(finished.recorded(), "the outcome stands on the primary");
            assertTrue(finished.next().isPresent(), "and the next job was taken");
        }
    }

    @Test
    void aWaitCutOffByAFailoverConfirmsNothingOnTheNewPrimary() throws Exception {
        // the new primary, with a live replica of its own
        LoopbackRedisProcesses.Server newPrimary = processes.server();
        processes.replicaOf(newPrimary);
        RedisKeys keys = new RedisKeys("acks-" + UUID.randomUUID().toString().substring(0, 8) + ":");
        try (StallingProxy primaryAddress = StallingProxy.start("127.0.0.1", primaryPort);
                RedisConnections redis = RedisConnections.connect(
                        RedisURI.create("redis://127.0.0.1:" + primaryAddress.port()),
                        RedisTls.DEFAULTS,
                        new ReplicaAcks(1, Duration.ofSeconds(5)),
                        script -> {})) {
            JobQueue queue =
                    new JobQueue(redis.commands(), keys, QueuePolicy.of(Duration.ofSeconds(30), Duration.ofHours(1)));
            signal("STOP", replica);
            String jobId = UUID.randomUUID().toString();
            CompletableFuture<Long> enqueued = CompletableFuture.supplyAsync(() -> queue.enqueue(new NewJob(
                    jobId, WORKFLOW, "default", 0, Json.MAPPER.createObjectNode(), Json.MAPPER.createObjectNode())));
            // the script has run on the old primary; its WAIT blocks there on the frozen replica when the link drops
            // and the address leads to the new primary
            LoopbackRedisProcesses.awaitTrue(
                    () -> LoopbackRedisProcesses.cli(primaryPort, "client", "list")
                            .contains(" cmd=wait "),
                    "a client blocked in WAIT on " + primaryPort);
            primaryAddress.switchTo("127.0.0.1", newPrimary.port());

            // sent again there, the WAIT would count that link's writes (none) and the new primary's replica would
            // confirm it at once, for a job the new primary does not have: it must count as not confirmed instead
            ExecutionException failed =
                    assertThrows(ExecutionException.class, () -> enqueued.get(30, TimeUnit.SECONDS));
            assertTrue(
                    failed.getCause() instanceof WriteNotReplicated unconfirmed && unconfirmed.confirmed() == 0,
                    failed.getCause().toString());
            assertEquals(0L, redis.commands().exists(keys.job(jobId)), "the job is not on the new primary");
        }
    }

    @Test
    void aJobsOutcomeIsWrittenAfterAnOutageOfRedisAsLongAsTheLeaseMayHold() throws Exception {
        RedisKeys keys = new RedisKeys("acks-" + UUID.randomUUID().toString().substring(0, 8) + ":");
        int nothingListens;
        try (ServerSocket closedAtOnce = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nothingListens = closedAtOnce.getLocalPort();
        }
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch outageBegun = new CountDownLatch(1);
        JobExecutor endsInTheOutage = (job, control) -> {
            running.countDown();
            outageBegun.await();
            return JobOutcome.completed(Json.MAPPER.createObjectNode());
        };
        try (StallingProxy redisAddress = StallingProxy.start("127.0.0.1", primaryPort);
                RedisConnections redis = RedisConnections.connect(
                        RedisURI.create("redis://127.0.0.1:" + redisAddress.port()),
                        RedisTls.DEFAULTS,
                        new ReplicaAcks(1, ACK_WAIT),
                        script -> {});
                RedisConnections observer =
                        RedisConnections.connect(RedisURI.create("redis://127.0.0.1:" + primaryPort))) {
            Queues queues =
                    Queues.over(redis.commands(), keys, QueuePolicy.of(Duration.ofSeconds(20), Duration.ofHours(1)));
            String jobId = UUID.randomUUID().toString();
            // polls 50 ms apart: five pauses end long before Redis is back
            try (WorkerPool worker = WorkerPool.start(
                    redis,
                    queues,
                    List.of("default"),
                    "worker-under-test",
                    Duration.ofMillis(50),
                    ScannerMetrics.create(),
                    endsInTheOutage)) {
                queues.jobs()
                        .enqueue(new NewJob(
                                jobId,
                                WORKFLOW,
                                "default",
                                0,
                                Json.MAPPER.createObjectNode(),
                                Json.MAPPER.createObjectNode()));
                assertTrue(running.await(10, TimeUnit.SECONDS), "the job started");
                // Redis out of reach (every link dropped, reconnects refused) as the job ends
                redisAddress.switchTo("127.0.0.1", nothingListens);
                outageBegun.countDown();
                Thread.sleep(2_000);
                redisAddress.switchTo("127.0.0.1", primaryPort);

                LoopbackRedisProcesses.awaitTrue(
                        () -> "completed".equals(observer.commands().hget(keys.job(jobId), "status")),
                        "job " + jobId + " recorded completed");
                // recorded by the run that did it, not by a second run once the unrenewed lease ran out
                assertEquals("1", observer.commands().hget(keys.job(jobId), "attempts"));
            }
        }
    }

    @Test
    void aNegativeReplicaCountOrAWaitThatCouldEatALeaseIsRefusedNamingTheSetting() {
        SettingsException refused = assertThrows(
                SettingsException.class, () -> ReplicaAcks.from(Settings.of(Map.of("REDIS_MIN_REPLICA_ACKS", "-1"))));
        assertEquals("REDIS_MIN_REPLICA_ACKS='-1' is not valid: must be 0 or more", refused.getMessage());
        assertEquals(
                ReplicaAcks.NONE.replicas(),
                ReplicaAcks.from(Settings.of(Map.of())).replicas());
    }

    @Test
    void aPrimaryThatLostItsReplicasOrAReplicaAskedToWriteIsA503NotA500() throws Exception {
        String primaryCli = Integer.toString(primaryPort);
        try (ScannerProcess api =
                ScannerProcess.start(settings().with(Map.of("REDIS_MIN_REPLICA_ACKS", "0")), ScannerProcess.Role.API)) {
            // min-replicas-to-write: Redis itself refuses writes (NOREPLICAS) once no replica has answered for 1 s
            LoopbackRedisProcesses.cli(primaryPort, "config", "set", "min-replicas-max-lag", "1");
            LoopbackRedisProcesses.cli(primaryPort, "config", "set", "min-replicas-to-write", "1");
            try {
                signal("STOP", replica);
                LoopbackRedisProcesses.awaitTrue(
                        () -> LoopbackRedisProcesses.cli(primaryPort, "info", "replication")
                                .contains("min_slaves_good_slaves:0"),
                        "the primary counts no good replica on " + primaryCli);
                assertRedisUnavailable(submit(api, "no-replicas"));
            } finally {
                LoopbackRedisProcesses.cli(primaryPort, "config", "set", "min-replicas-to-write", "0");
                signal("CONT", replica);
            }
        }
        // a process pointed at a replica, as a client that has not followed a failover yet writes to a demoted primary
        try (ScannerProcess api = ScannerProcess.start(
                settings().with(Map.of("REDIS_URL", onReplicaUrl, "REDIS_MIN_REPLICA_ACKS", "0")),
                ScannerProcess.Role.API)) {
            assertRedisUnavailable(submit(api, "read-only"));
        }
    }

    private static void assertRedisUnavailable(HttpResponse<String> answer) {
        assertEquals(503, answer.statusCode(), answer.body());
        assertEquals("redis_unavailable", ApiEnvelope.error(answer).path("code").asText(), answer.body());
        assertTrue(
                answer.headers().firstValue("Retry-After").isPresent(),
                answer.headers().toString());
    }

    private static Settings settings() throws IOException {
        Path workflows = Files.createDirectories(root.resolve("workflows"));
        Files.writeString(workflows.resolve(WORKFLOW + ".json"), """
                {"workflow_id": "%s", "start_node": "notify",
                 "nodes": {"notify": {"type": "notify_result"}}}""".formatted(WORKFLOW));
        return Settings.of(Map.of(
                "REDIS_URL",
                "redis://127.0.0.1:" + primaryPort,
                "REDIS_KEY_PREFIX",
                PREFIX,
                "REDIS_MIN_REPLICA_ACKS",
                "1",
                "REDIS_REPLICA_ACK_TIMEOUT_MS",
                Long.toString(ACK_WAIT.toMillis()),
                "SERVICE_NAME",
                "acks-under-test",
                "HOST",
                "127.0.0.1",
                "PORT",
                "0",
                "PLUGIN_DIR",
                Files.createDirectories(root.resolve("plugins")).toString(),
                "WORKFLOWS_DIR",
                workflows.toString(),
                "RESULTS_DIR",
                root.resolve("results").toString()));
    }

    private static HttpResponse<String> submit(ScannerProcess api, String idempotencyKey) throws Exception {
        String body = """
                {"workflow_id": "%s", "params": {}, "idempotency_key": "%s"}""".formatted(WORKFLOW, idempotencyKey);
        return HTTP.send(
                HttpRequest.newBuilder(uri(api, "/api/v2/workflows/execute"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(ScannerProcess api, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(api, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(ScannerProcess api, String path) {
        return URI.create("http://127.0.0.1:" + api.apiPort().orElseThrow() + path);
    }

    private static void signal(String signal, Process process) {
        LoopbackRedisProcesses.signal(signal, process);
    }

    /** {@code scanner_redis_writes_not_replicated_total} of enqueue.lua in a scrape; 0 before the first. */
    private static double unconfirmedEnqueues(String metrics) {
        return metrics.lines()
                .filter(line -> line.startsWith("scanner_redis_writes_not_replicated_total{")
                        && line.contains("script=\"enqueue.lua\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(0);
    }
}
