package io.productscanner.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.productscanner.runtime.job.JobHistory;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.IdempotencyKey;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.JobRetries;
import io.productscanner.runtime.queue.NewJob;
import io.productscanner.runtime.queue.PlatformControl;
import io.productscanner.runtime.queue.QueuePolicy;
import io.productscanner.runtime.queue.Queues;
import io.productscanner.runtime.schedule.CatchUp;
import io.productscanner.runtime.schedule.CronExpression;
import io.productscanner.runtime.schedule.Schedule;
import io.productscanner.runtime.schedule.ScheduleStore;
import io.productscanner.runtime.schedule.SchedulerLease;
import io.productscanner.runtime.testing.RawRedisConnection;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every key a Lua script touches is one it declared in KEYS (Redis's scripting contract, which Redis Cluster,
 * proxies and managed offerings rely on): a scenario runs every script of the runtime while a second connection
 * watches with MONITOR, and each command a script ran is checked against the keys its EVALSHA named, with the keys
 * of the command as Redis itself reads them (COMMAND GETKEYS).
 */
class ScriptKeysDeclaredTest {
    private static final Duration SHORT_LEASE = Duration.ofMillis(150);
    /** Each script's name by its digest, for the failure message. */
    private static final Map<String, String> SCRIPT_NAMES = scriptNames(
            JobQueue.class,
            JobRetries.class,
            PlatformControl.class,
            JobStore.class,
            JobHistory.class,
            ScheduleStore.class,
            SchedulerLease.class);

    /** On the system's Redis (7 in production and CI) and on the bundled 6.2 the runtime falls back to. */
    @ParameterizedTest
    @ValueSource(strings = {"auto", RedisBinary.BUNDLED})
    void everyCommandAScriptRunsTouchesOnlyKeysTheScriptCallDeclared(String binary) throws Exception {
        try (EmbeddedRedis server = EmbeddedRedis.start(
                        EmbeddedRedis.Options.throwaway().binary(binary).allowing("keys", "info", "monitor"));
                RedisConnections client = RedisConnections.connect(server.uri());
                RawRedisConnection monitor = RawRedisConnection.open(server.port(), server.password());
                RawRedisConnection inspector = RawRedisConnection.open(server.port(), server.password())) {
            monitor.startMonitor();
            String marker = "scenario-done-" + UUID.randomUUID();
            RedisKeys keys = new RedisKeys("keys-test:");
            runEveryScript(client, keys);
            client.commands().echo(marker);
            List<String> lines = monitor.monitorLinesUntil(marker, Duration.ofSeconds(30));

            List<String> violations = new ArrayList<>();
            Map<String, Integer> innerCommandsByScript = new TreeMap<>();
            Set<String> declared = null;
            String script = null;
            int scriptCalls = 0;
            for (String line : lines) {
                List<String> words = MonitorLine.arguments(line);
                if (words.isEmpty()) {
                    continue;
                }
                String command = words.getFirst().toUpperCase();
                if (!MonitorLine.fromScript(line)) {
                    if (command.equals("EVALSHA") || command.equals("EVAL")) {
                        int count = Integer.parseInt(words.get(2));
                        declared = new HashSet<>(words.subList(3, 3 + count));
                        script = SCRIPT_NAMES.getOrDefault(words.get(1), words.get(1));
                        scriptCalls++;
                    } else {
                        declared = null;
                    }
                    continue;
                }
                if (declared == null) {
                    violations.add("a script command with no script call before it: " + line);
                    continue;
                }
                innerCommandsByScript.merge(script, 1, Integer::sum);
                for (String key : inspector.keysOf(words)) {
                    if (!declared.contains(key)) {
                        violations.add("script " + script + " touched undeclared key " + key + " in " + line
                                + " (declared " + declared + ")");
                    }
                }
            }
            assertTrue(scriptCalls > 30, "the scenario ran the scripts: " + scriptCalls + " calls");
            assertFalse(innerCommandsByScript.isEmpty(), "MONITOR showed the scripts' commands");
            assertEquals(List.of(), violations, "commands run by scripts on keys they did not declare");
        }
    }

    /** Runs every Lua script of the runtime at least once, through the runtime's own classes. */
    private static void runEveryScript(RedisConnections client, RedisKeys keys) throws IOException {
        QueuePolicy policy =
                QueuePolicy.of(Duration.ofSeconds(30), Duration.ofHours(1)).withRetryBackoff(Duration.ofMillis(1));
        Queues queues = Queues.over(client.commands(), keys, policy);
        JobQueue queue = queues.jobs();
        JobRetries retries = queues.retries();
        JobQueue shortLeases = Queues.over(client.commands(), keys, QueuePolicy.of(SHORT_LEASE, Duration.ofHours(1)))
                .jobs();
        JobQueue oneAttempt = Queues.over(
                        client.commands(),
                        keys,
                        QueuePolicy.of(SHORT_LEASE, Duration.ofHours(1)).withMaxAttempts(1))
                .jobs();
        JobStore store = new JobStore(client.commands(), client.shared().async(), keys);

        // enqueue, with an idempotency key and its repeat, and in bulk
        IdempotencyKey once = IdempotencyKey.fromApiCaller("once");
        JobQueue.Enqueued first = queue.enqueue(job("alpha", "wf-a", 0), once);
        assertTrue(queue.enqueue(job("alpha", "wf-a", 0), once).duplicate());
        assertEquals(first.jobId(), queue.enqueue(job("alpha", "wf-a", 0), once).jobId());
        queue.enqueueAll(List.of(job("alpha", "wf-b", 0), job("beta", "wf-a", 0), job("alpha", "wf-a", 3)));

        // claim, renew, the results scripts, finish taking the next job, finish after the head changed
        ClaimedJob running = queue.claim("alpha", token(), "w").orElseThrow();
        assertEquals(JobQueue.Lease.HELD, queue.renew(running));
        assertTrue(store.replaceResults(running, List.of("{\"a\":1}"), 10));
        assertTrue(store.recordResultsFile(running, Path.of("/tmp/results.jsonl")));
        JobQueue.Finished finished = queue.finishAndClaimNext(running, JobOutcome.completed(null), token(), "w");
        assertTrue(finished.recorded());
        running = finished.next().orElseThrow();
        NewJob urgent = job("alpha", "wf-c", 9);
        queue.enqueue(urgent);
        finished = queue.finishAndClaimNext(running, JobOutcome.completed(null), token(), "w");
        assertTrue(finished.recorded());
        running = finished.next().isPresent()
                ? finished.next().get()
                : queue.claim("alpha", token(), "w").orElseThrow();
        assertEquals(urgent.jobId(), running.jobId(), "the job that arrived ahead runs next");

        // cancel a running job and a queued one; complete
        assertEquals(JobQueue.Cancellation.CANCELLING, queue.cancel(running.jobId()));
        assertTrue(queue.complete(running, JobOutcome.completed(null)));
        NewJob queuedThenCancelled = job("beta", "wf-a", 0);
        queue.enqueue(queuedThenCancelled);
        assertEquals(JobQueue.Cancellation.CANCELLED, queue.cancel(queuedThenCancelled.jobId()));

        // a retry, moved back to its queue when due
        ClaimedJob failing = queue.claim("beta", token(), "w").orElseThrow();
        assertEquals(
                JobRetries.Decision.SCHEDULED, retries.retryOrGiveUp(failing, JobOutcome.failedRetryable("x", null)));
        sleep(Duration.ofMillis(50));
        assertEquals(1, retries.moveDueRetries(10));

        // an orphan dead-lettered (its worker died once, one attempt allowed), then requeued
        NewJob fragile = job("gamma", "wf-a", 0);
        queue.enqueue(fragile);
        oneAttempt.claim("gamma", token(), "w").orElseThrow();
        sleep(SHORT_LEASE.multipliedBy(2));
        assertTrue(oneAttempt.claim("gamma", token(), "w").isEmpty());
        assertEquals(1, client.commands().zcard(keys.deadLetters()));
        assertEquals(JobRetries.Requeue.REQUEUED, retries.requeueDead(fragile.jobId()));

        // an orphan taken over, then released; a stuck platform force-released
        shortLeases.claim("gamma", token(), "w").orElseThrow();
        sleep(SHORT_LEASE.multipliedBy(2));
        ClaimedJob recovered = shortLeases.claim("gamma", token(), "w").orElseThrow();
        assertTrue(recovered.recovered());
        assertTrue(shortLeases.release(recovered));
        queue.claim("gamma", token(), "w").orElseThrow();
        assertTrue(queues.platforms().forceRelease("gamma").requeued());

        // pause and resume
        assertTrue(queues.platforms().pause("alpha"));
        assertTrue(queues.platforms().resume("alpha"));

        // history: reads, and indexing the jobs stored before the indexes existed
        JobHistory history = store.history();
        assertFalse(history.newest(JobHistory.Filter.ALL, 50).isEmpty());
        history.newest(
                new JobHistory.Filter(Optional.of(JobStatus.COMPLETED), Optional.of("alpha"), Optional.empty()), 10);
        assertTrue(history.indexRetainedJobs() > 0);

        // schedules and the scheduler lease
        ScheduleStore schedules = new ScheduleStore(client.commands(), keys);
        Schedule.ScheduleDefinition definition = new Schedule.ScheduleDefinition(
                "nightly",
                "wf-a",
                JsonNodeFactory.instance.objectNode(),
                0,
                Optional.of(CronExpression.parse("0 3 * * *")),
                ZoneOffset.UTC,
                Optional.empty(),
                CatchUp.SKIP);
        assertTrue(schedules.create(definition));
        assertTrue(schedules.replace(definition));
        assertTrue(schedules.setPaused("nightly", true));
        assertTrue(schedules.delete("nightly"));
        SchedulerLease lease = new SchedulerLease(client.commands(), keys, Duration.ofSeconds(5));
        assertTrue(lease.holdOrTake());
        assertTrue(lease.holdOrTake());
        lease.release();

        // drain what is left: finish and claim until every platform is empty
        for (String platform : List.of("alpha", "beta", "gamma")) {
            Optional<ClaimedJob> next = queue.claim(platform, token(), "w");
            while (next.isPresent()) {
                next = queue.finishAndClaimNext(next.get(), JobOutcome.completed(null), token(), "w")
                        .next();
            }
        }
    }

    private static NewJob job(String platform, String workflow, int priority) {
        return new NewJob(
                UUID.randomUUID().toString(),
                workflow,
                platform,
                priority,
                JsonNodeFactory.instance.objectNode(),
                JsonNodeFactory.instance.objectNode());
    }

    private static String token() {
        return "test:" + UUID.randomUUID();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> scriptNames(Class<?>... owners) {
        Map<String, String> names = new HashMap<>();
        for (Class<?> owner : owners) {
            for (Field field : owner.getDeclaredFields()) {
                if (field.getType() == RedisScript.class && Modifier.isStatic(field.getModifiers())) {
                    try {
                        field.setAccessible(true);
                        RedisScript script = (RedisScript) field.get(null);
                        names.put(script.digest(), script.toString());
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return names;
    }
}
