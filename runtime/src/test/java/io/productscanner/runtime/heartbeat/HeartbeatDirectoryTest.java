package io.productscanner.runtime.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.SetArgs;
import io.productscanner.runtime.redis.RedisConnections;
import io.productscanner.runtime.redis.RedisKeys;
import io.productscanner.runtime.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Listing the live processes from their heartbeats, over a real Redis. */
class HeartbeatDirectoryTest {
    private static final Instant NOW = Instant.parse("2025-11-27T08:00:00.000Z");

    @RegisterExtension
    static final TestRedis redis = TestRedis.perClass();

    /** Keys of their own for each test, so one test's heartbeats never show in another's list. */
    private static RedisKeys freshKeys() {
        return new RedisKeys(
                redis.keys().prefix() + UUID.randomUUID().toString().substring(0, 8) + ":");
    }

    private static WorkerDirectory directoryAt(RedisKeys keys, Instant now) {
        return new WorkerDirectory(redis.connections().commands(), keys, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static WorkerHeartbeat beat(String service, String status, List<CurrentJob> jobs, Instant writtenAt) {
        return new WorkerHeartbeat(
                service,
                "worker",
                "host-1",
                4242,
                status,
                List.of("musinsa"),
                jobs,
                writtenAt.minusSeconds(600),
                600,
                180.5,
                412.3,
                512.0,
                455.7,
                writtenAt,
                "0.1.0 (git 1a2b3c4d5e6f)",
                List.of(new PluginVersion("musinsa", "0.1.0", "1.0")));
    }

    private static void store(RedisKeys keys, WorkerHeartbeat heartbeat) {
        redis.connections()
                .commands()
                .set(keys.heartbeat(heartbeat.service()), heartbeat.toJson(), SetArgs.Builder.ex(30));
    }

    @Test
    void everyLiveProcessIsListedByServiceWithTheAgeOfItsLastBeat() {
        RedisKeys keys = freshKeys();
        CurrentJob job = new CurrentJob(UUID.randomUUID().toString(), "musinsa");
        store(keys, beat("worker-musinsa", "busy", List.of(job), NOW.minusMillis(4_520)));
        store(keys, beat("api", "idle", List.of(), NOW));
        store(freshKeys(), beat("elsewhere", "idle", List.of(), NOW));
        redis.connections().commands().set(keys.prefix() + "heartbeats-are-not-this", "x");

        List<ListedWorker> workers = directoryAt(keys, NOW).list();

        assertEquals(
                List.of("api", "worker-musinsa"),
                workers.stream().map(w -> w.heartbeat().service()).toList());
        assertEquals(0.0, workers.get(0).ageSeconds());
        assertEquals(4.5, workers.get(1).ageSeconds());
        assertEquals(
                beat("worker-musinsa", "busy", List.of(job), NOW.minusMillis(4_520)),
                workers.get(1).heartbeat(),
                "every field survives the round trip");
    }

    @Test
    void aHeartbeatOfAnOlderBuildWithoutMemoryLimitOrWorkingSetIsStillListed() {
        RedisKeys keys = freshKeys();
        // as builds before the cgroup reading wrote it
        redis.connections()
                .commands()
                .set(
                        keys.heartbeat("worker-old"),
                        "{\"service\":\"worker-old\",\"role\":\"worker\",\"hostname\":\"host-1\",\"pid\":7,"
                                + "\"version\":\"0.1.0\",\"status\":\"idle\",\"platforms\":[\"musinsa\"],"
                                + "\"current_jobs\":[],\"started_at\":\"2026-11-29T08:00:00.000Z\","
                                + "\"uptime_seconds\":60,\"heap_used_mb\":40.5,\"rss_mb\":150.2,"
                                + "\"written_at\":\"" + NOW + "\"}");

        WorkerHeartbeat old = directoryAt(keys, NOW).list().get(0).heartbeat();

        assertEquals("worker-old", old.service());
        assertEquals(150.2, old.rssMb());
        assertNull(old.memoryLimitMb());
        assertNull(old.workingSetMb());
    }

    @Test
    void aHeartbeatOfABuildThatDidNotNameItsPluginsIsListedWithoutThem() {
        RedisKeys keys = freshKeys();
        // as a build from before heartbeats carried the plugins (and the version) wrote it
        redis.connections()
                .commands()
                .set(
                        keys.heartbeat("worker-old"),
                        "{\"service\":\"worker-old\",\"role\":\"worker\",\"status\":\"idle\","
                                + "\"platforms\":[\"musinsa\"],\"current_jobs\":[],\"rss_mb\":120.5,"
                                + "\"written_at\":\"2025-11-27T08:00:00Z\"}",
                        SetArgs.Builder.ex(30));

        WorkerHeartbeat old = directoryAt(keys, NOW).list().getFirst().heartbeat();

        assertEquals(List.of("musinsa"), old.platforms());
        assertEquals(120.5, old.rssMb());
        assertNull(old.plugins(), "unknown, not none");
        assertNull(old.pluginMaps());
        assertNull(old.version());
    }

    @Test
    void aHeartbeatNoLongerRenewedDisappearsOnceItsTtlRunsOut() throws Exception {
        RedisKeys keys = freshKeys();
        WorkerDirectory directory = new WorkerDirectory(redis.connections().commands(), keys, Clock.systemUTC());
        RedisConnections doomed = redis.newClient();
        Heartbeat heartbeat = new Heartbeat(
                doomed.commands(),
                keys,
                ProcessIdentity.thisProcess("worker-doomed", "worker", List.of("p"), List.of()),
                CgroupMemory.ofThisProcess(),
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                Clock.systemUTC());
        heartbeat.start(CurrentJobs.NONE);
        try {
            awaitCount(directory, 1);
            // the process loses Redis for good, as if killed: no clean close deletes the key
            doomed.close();
            awaitCount(directory, 0);
        } finally {
            heartbeat.close();
        }
    }

    @Test
    void manyProcessesAcrossSeveralScanPagesAreEachListedOnce() {
        RedisKeys keys = freshKeys();
        for (int i = 0; i < 450; i++) {
            store(keys, beat("worker-%03d".formatted(i), "idle", List.of(), NOW));
            redis.connections().commands().set(keys.job("job-" + i), "not a heartbeat");
        }

        List<ListedWorker> workers = directoryAt(keys, NOW).list();

        assertEquals(450, workers.size());
        assertEquals("worker-000", workers.get(0).heartbeat().service());
        assertEquals("worker-449", workers.get(449).heartbeat().service());
    }

    @Test
    void aKeyThatIsNotAHeartbeatIsLeftOutAndTheRestStillListed() {
        RedisKeys keys = freshKeys();
        store(keys, beat("worker-ok", "idle", List.of(), NOW));
        redis.connections().commands().set(keys.heartbeat("garbled"), "{not json");
        redis.connections().commands().set(keys.heartbeat("empty"), "{}");
        redis.connections()
                .commands()
                .set(keys.heartbeat("bad-time"), "{\"service\":\"bad-time\",\"written_at\":\"yesterday\"}");

        List<ListedWorker> workers = directoryAt(keys, NOW).list();

        assertEquals(
                List.of("worker-ok"),
                workers.stream().map(w -> w.heartbeat().service()).toList());
    }

    @Test
    void aPrefixWithGlobCharactersMatchesOnlyItself() {
        RedisKeys odd = new RedisKeys(redis.keys().prefix() + "p[ab]*:");
        // would match the unescaped pattern p[ab]*:heartbeat:*
        RedisKeys lookalike = new RedisKeys(redis.keys().prefix() + "pa-other:");
        store(odd, beat("mine", "idle", List.of(), NOW));
        store(lookalike, beat("not-mine", "idle", List.of(), NOW));

        List<ListedWorker> workers = directoryAt(odd, NOW).list();

        assertEquals(
                List.of("mine"),
                workers.stream().map(w -> w.heartbeat().service()).toList());
    }

    @Test
    void aHeartbeatFromAClockAheadOfOursHasAgeZeroNotANegativeAge() {
        RedisKeys keys = freshKeys();
        store(keys, beat("ahead", "idle", List.of(), NOW.plusSeconds(3)));

        assertEquals(0.0, directoryAt(keys, NOW).list().get(0).ageSeconds());
    }

    private static void awaitCount(WorkerDirectory directory, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int seen;
        while ((seen = directory.list().size()) != expected) {
            assertTrue(System.nanoTime() < deadline, "expected " + expected + " listed, still " + seen);
            Thread.sleep(50);
        }
    }
}
