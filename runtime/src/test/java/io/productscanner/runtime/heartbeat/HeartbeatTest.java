package io.productscanner.runtime.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.metrics.ScannerMetrics;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.queue.NewJob;
import io.productscanner.runtime.queue.Queues;
import io.productscanner.runtime.redis.EmbeddedRedis;
import io.productscanner.runtime.redis.RedisConnections;
import io.productscanner.runtime.redis.RedisKeys;
import io.productscanner.runtime.testing.TestRedis;
import io.productscanner.runtime.worker.JobExecutor;
import io.productscanner.runtime.worker.WorkerPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The heartbeat writer over a real Redis, beating every 100 ms instead of every 10 s. */
class HeartbeatTest {
    private static final Duration FAST = Duration.ofMillis(100);

    @RegisterExtension
    static final TestRedis redis = TestRedis.perClass();

    private static Heartbeat heartbeat(RedisConnections client, String service, List<String> platforms, Duration ttl) {
        return new Heartbeat(
                client.commands(),
                redis.keys(),
                ProcessIdentity.thisProcess(service, "worker", platforms, List.of()),
                CgroupMemory.ofThisProcess(),
                FAST,
                ttl,
                Clock.systemUTC());
    }

    private static String uniqueService(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void theKeyHoldsWhoTheProcessIsAndWhatItUsesAndExpiresWithinThirtySeconds() throws Exception {
        String service = uniqueService("worker-musinsa");
        try (Heartbeat heartbeat =
                heartbeat(redis.connections(), service, List.of("musinsa", "29cm"), Heartbeat.DEFAULT_TTL)) {
            heartbeat.start(CurrentJobs.NONE);
            String key = redis.keys().prefix() + "heartbeat:" + service;
            JsonNode beat = awaitStored(redis.connections(), key, node -> true);

            assertEquals(service, beat.path("service").asText());
            assertEquals("worker", beat.path("role").asText());
            assertFalse(beat.path("hostname").asText().isBlank());
            assertEquals(ProcessHandle.current().pid(), beat.path("pid").asLong());
            assertEquals("idle", beat.path("status").asText());
            assertEquals(List.of("musinsa", "29cm"), texts(beat.path("platforms")));
            assertTrue(beat.path("current_jobs").isArray()
                    && beat.path("current_jobs").isEmpty());
            Instant startedAt = Instant.parse(beat.path("started_at").asText());
            Instant writtenAt = Instant.parse(beat.path("written_at").asText());
            assertFalse(startedAt.isAfter(writtenAt));
            assertTrue(Duration.between(writtenAt, Instant.now()).abs().toSeconds() < 5, "written just now");
            assertTrue(beat.path("uptime_seconds").isIntegralNumber()
                    && beat.path("uptime_seconds").asLong() >= 0);
            assertTrue(beat.path("heap_used_mb").asDouble() > 0);
            long ttlMillis = redis.connections().commands().pttl(key);
            assertTrue(ttlMillis > 0 && ttlMillis <= 30_000, "TTL " + ttlMillis + " ms");

            JsonNode later = awaitStored(
                    redis.connections(),
                    key,
                    node -> !node.path("written_at")
                            .asText()
                            .equals(beat.path("written_at").asText()));
            assertTrue(Instant.parse(later.path("written_at").asText()).isAfter(writtenAt), "rewritten each beat");
        }
    }

    @Test
    void theBeatCarriesTheContainersWorkingSetAndItsLimitOnlyWhenThereIsOne(@TempDir Path root) throws Exception {
        CgroupTrees container = new CgroupTrees(root).v2Container("max", 300 * CgroupTrees.MIB, 40 * CgroupTrees.MIB);
        String service = uniqueService("worker-cgroup");
        String key = redis.keys().heartbeat(service);
        try (Heartbeat heartbeat = new Heartbeat(
                redis.connections().commands(),
                redis.keys(),
                ProcessIdentity.thisProcess(service, "worker", List.of("musinsa"), List.of()),
                container.reader(),
                FAST,
                Heartbeat.DEFAULT_TTL,
                Clock.systemUTC())) {
            heartbeat.start(CurrentJobs.NONE);
            JsonNode unlimited = awaitStored(redis.connections(), key, node -> node.has("working_set_mb"));
            assertEquals(260.0, unlimited.path("working_set_mb").asDouble());
            assertTrue(unlimited.path("memory_limit_mb").isNull(), unlimited.toString());

            // `docker update --memory 2g` on the running container
            container.v2Container(String.valueOf(2048 * CgroupTrees.MIB), 300 * CgroupTrees.MIB, 40 * CgroupTrees.MIB);
            JsonNode limited = awaitStored(
                    redis.connections(),
                    key,
                    node -> node.path("memory_limit_mb").isNumber());
            assertEquals(2048.0, limited.path("memory_limit_mb").asDouble());
        }
    }

    @Test
    void theResidentSetSizeComesFromProcSelfStatus() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "Linux only");
        assertTrue(ProcessMemory.rssMb().orElseThrow() > 0);
        assertEquals(
                117.5,
                ProcessMemory.vmRssMb(List.of("Name:\tjava", "VmRSS:\t  120320 kB", "Threads: 9"))
                        .orElseThrow());
        assertTrue(ProcessMemory.vmRssMb(List.of("Name:\tjava")).isEmpty());
    }

    @Test
    void statusAndCurrentJobFollowTheJobAWorkerRuns() throws Exception {
        String service = uniqueService("worker-busy");
        String platform = uniqueService("busy");
        String key = redis.keys().heartbeat(service);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JobExecutor heldUntilReleased = (job, control) -> {
            started.countDown();
            release.await(20, TimeUnit.SECONDS);
            return JobOutcome.completed(null);
        };
        Queues queues = redis.queues(Duration.ofSeconds(30));
        try (WorkerPool pool = WorkerPool.start(
                        redis.connections(),
                        queues,
                        List.of(platform),
                        service,
                        Duration.ofMillis(100),
                        ScannerMetrics.create(),
                        heldUntilReleased);
                Heartbeat heartbeat =
                        heartbeat(redis.connections(), service, List.of(platform), Heartbeat.DEFAULT_TTL)) {
            heartbeat.start(pool);
            awaitStored(
                    redis.connections(),
                    key,
                    node -> node.path("status").asText().equals("idle"));

            String jobId = UUID.randomUUID().toString();
            queues.jobs()
                    .enqueue(new NewJob(
                            jobId,
                            "wf",
                            platform,
                            0,
                            JsonNodeFactory.instance.objectNode(),
                            JsonNodeFactory.instance.objectNode()));
            assertTrue(started.await(10, TimeUnit.SECONDS));
            JsonNode busy = awaitStored(
                    redis.connections(),
                    key,
                    node -> node.path("status").asText().equals("busy"));
            assertEquals(1, busy.path("current_jobs").size());
            assertEquals(jobId, busy.path("current_jobs").get(0).path("job_id").asText());
            assertEquals(
                    platform, busy.path("current_jobs").get(0).path("platform").asText());

            release.countDown();
            JsonNode idle = awaitStored(
                    redis.connections(),
                    key,
                    node -> node.path("status").asText().equals("idle"));
            assertTrue(idle.path("current_jobs").isEmpty());
        }
    }

    @Test
    void stoppingIsShownAtOnceAndClosingRemovesTheKeyForGood() throws Exception {
        String service = uniqueService("worker-stopping");
        String key = redis.keys().heartbeat(service);
        Heartbeat heartbeat = new Heartbeat(
                redis.connections().commands(),
                redis.keys(),
                ProcessIdentity.thisProcess(service, "worker", List.of("p"), List.of()),
                CgroupMemory.ofThisProcess(),
                Duration.ofSeconds(10),
                Heartbeat.DEFAULT_TTL,
                Clock.systemUTC());
        heartbeat.start(CurrentJobs.NONE);
        awaitStored(
                redis.connections(), key, node -> node.path("status").asText().equals("idle"));

        heartbeat.markStopping();
        // with 10 s between beats, seeing it within the wait proves markStopping wrote at once
        awaitStored(
                redis.connections(), key, node -> node.path("status").asText().equals("stopping"));

        heartbeat.close();
        assertEquals(0, redis.connections().commands().exists(key));
        Thread.sleep(300);
        assertEquals(0, redis.connections().commands().exists(key), "no beat after close");
    }

    @Test
    void aRedisOutageIsLoggedOnceAndTheBeatsResumeWhenRedisIsBack(@TempDir Path data) throws Exception {
        String service = uniqueService("worker-outage");
        String key = redis.keys().heartbeat(service);
        Duration ttl = Duration.ofSeconds(2);
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(Heartbeat.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(capture);
        // restarted on the same port and data folder, so with the same password
        EmbeddedRedis.Options options = EmbeddedRedis.Options.throwaway().persistedIn(data);
        EmbeddedRedis server = EmbeddedRedis.start(options);
        options = options.onPort(server.port());
        // a short command timeout makes each beat during the outage fail instead of queueing
        RedisURI uri = server.uri();
        uri.setTimeout(Duration.ofMillis(300));
        try (RedisConnections client = RedisConnections.connect(uri);
                Heartbeat heartbeat = heartbeat(client, service, List.of("p"), ttl)) {
            heartbeat.start(CurrentJobs.NONE);
            awaitStored(client, key, node -> true);

            server.close();
            Thread.sleep(1500);
            Instant restarted = Instant.now();
            server = EmbeddedRedis.start(options);

            awaitStored(
                    client,
                    key,
                    node -> Instant.parse(node.path("written_at").asText()).isAfter(restarted));
            Thread.sleep(ttl.toMillis() + 500);
            JsonNode beat = awaitStored(client, key, node -> true);
            assertTrue(
                    Duration.between(Instant.parse(beat.path("written_at").asText()), Instant.now())
                                    .toMillis()
                            < ttl.toMillis(),
                    "beats go on after the outage");
            assertEquals(1, events(logged, Level.WARNING, "heartbeat.write_failed"), "one warning per outage");
            assertEquals(1, events(logged, Level.INFO, "heartbeat.recovered"));
        } finally {
            logger.removeHandler(capture);
            server.close();
        }
    }

    @Test
    void aTtlNotLongerThanTheIntervalIsRefused() {
        ProcessIdentity identity = ProcessIdentity.thisProcess("any", "api", List.of(), List.of());
        assertThrows(
                IllegalArgumentException.class,
                () -> new Heartbeat(
                        redis.connections().commands(),
                        redis.keys(),
                        identity,
                        CgroupMemory.ofThisProcess(),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(10),
                        Clock.systemUTC()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Heartbeat(
                        redis.connections().commands(),
                        redis.keys(),
                        identity,
                        CgroupMemory.ofThisProcess(),
                        Duration.ZERO,
                        Duration.ofSeconds(30),
                        Clock.systemUTC()));
    }

    @Test
    void theKeyIsUnderTheConfiguredPrefix() {
        assertEquals("workflow:heartbeat:worker-musinsa", new RedisKeys("workflow:").heartbeat("worker-musinsa"));
        assertNotEquals(new RedisKeys("a:").heartbeat("s"), new RedisKeys("b:").heartbeat("s"));
    }

    private static long events(List<LogRecord> logged, Level level, String event) {
        return logged.stream()
                .filter(record ->
                        record.getLevel().equals(level) && record.getMessage().startsWith("event=" + event + " "))
                .count();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(item -> out.add(item.asText()));
        return out;
    }

    /** Polls the stored heartbeat until {@code until} holds; fails after 20 s. */
    static JsonNode awaitStored(RedisConnections client, String key, Predicate<JsonNode> until)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            try {
                String value = client.commands().get(key);
                last = value == null ? null : Json.read(value);
                if (last != null && until.test(last)) {
                    return last;
                }
            } catch (RedisException e) {
                // Redis is restarting in the outage test
            }
            Thread.sleep(20);
        }
        throw new AssertionError("heartbeat at " + key + " never matched; last seen: " + last);
    }
}
