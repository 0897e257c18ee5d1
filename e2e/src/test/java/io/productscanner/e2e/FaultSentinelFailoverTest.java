package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.productscanner.mirror.SiteMirror;
import io.productscanner.runtime.testing.SentinelRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault injection (issue 22): Redis behind Sentinel (a primary, two replicas, three sentinels on loopback,
 * {@link SentinelRedis}) loses its primary to SIGKILL twice while the API and two workers (four platforms each, so
 * two workers per platform; the scheduler runs in every process that loaded every plugin) run 200 jobs, all given
 * the {@code redis-sentinel://} URL. The second time the replicas lag: cut off from the primary while it still
 * acknowledges submissions. Run with {@code REDIS_MIN_REPLICA_ACKS} 0 (the default: jobs acknowledged only by the
 * dead primary may be lost, and are counted) and 1 (none may be lost). Either way: no 500, a 503 only while Redis
 * switches (or, with acks, while no replica confirms), no job of a single-slot platform overlapping another, no job
 * completed twice, a schedule firing at most once per minute slot (exactly once with acks). Prints the figures as
 * {@code failover:}.
 */
class FaultSentinelFailoverTest {
    private static final int JOBS = 200;
    private static final int PER_JOB = 2;
    /** Each site answer takes this long, so platforms are busy (and jobs running) when the primary dies. */
    private static final long SITE_DELAY_MS = 100;
    /** Submissions spread over this long: the run crosses at least one minute slot of the schedule. */
    private static final long SUBMIT_MILLIS = 75_000;

    private static final long FIRST_KILL_AT_MS = 15_000;
    private static final long SECOND_KILL_AT_MS = 45_000;
    /** How long the replicas lag behind the primary before it dies. */
    private static final long LAG_MILLIS = 2_000;
    /** After the sentinels switch, how long clients may still answer 503 (Lettuce reconnects with back-off). */
    private static final long RECONNECT_GRACE_MS = 10_000;

    private static final String SCHEDULE_ID = "failover-every-minute";
    /** A job outcome the primary applied but no replica confirmed (with acks): the job may rightly run again. */
    private static final Pattern UNCONFIRMED_FINISH =
            Pattern.compile("event=redis\\.write_not_replicated script=finish\\.lua job_id=(\\S+)");

    private static final Pattern FINISHED =
            Pattern.compile("event=job\\.finished job_id=(\\S+) platform=(\\S+) status=(\\S+)");

    /** A platform of the run, the workflow submitted to it, and the mirror's products it scans. */
    private record Platform(String id, String workflowId, List<String> urls, boolean oneJobAtATime) {}

    private record Answer(Instant at, int status, long millis, String detail) {}

    @TempDir
    Path work;

    @ParameterizedTest(name = "REDIS_MIN_REPLICA_ACKS={0}")
    @ValueSource(ints = {0, 1})
    void killingThePrimaryTwiceLosesNoAcknowledgedJobWithReplicaAcks(int minReplicaAcks) throws Exception {
        Path bench = MirroredServe.FIXTURES.toAbsolutePath().getParent().resolve("bench");
        List<String> musinsa = productUrls(bench.resolve("musinsa.txt"));
        List<String> hwahae = productUrls(bench.resolve("hwahae.txt"));
        List<String> zigzag = productUrls(bench.resolve("zigzag.txt"));
        List<Platform> platforms = List.of(
                new Platform("musinsa", "musinsa-validation-v2", musinsa, true),
                new Platform("hwahae", "hwahae-validation-v2", hwahae, true),
                new Platform("zigzag", "zigzag-validation-v2", zigzag, true),
                // the extract queue runs up to four jobs at once, over the other platforms' products
                new Platform("extract", "extract-url-v2", musinsa, false));

        try (SentinelRedis redis = SentinelRedis.start(2, 3, true);
                SiteMirror mirror = SiteMirror.start(slowedCopyOfFixtures(work.resolve("mirror")), 0)) {
            int port = ScannerProcessHandle.freePort();
            Map<String, String> common = new HashMap<>(Map.ofEntries(
                    Map.entry("REDIS_URL", redis.sentinelUrl()),
                    Map.entry("REDIS_MIN_REPLICA_ACKS", Integer.toString(minReplicaAcks)),
                    Map.entry("SCANNER_SITE_MIRROR", mirror.url().toString()),
                    Map.entry("MUSINSA_PACING_MS", "0"),
                    Map.entry("HWAHAE_PACING_MS", "0"),
                    Map.entry("ZIGZAG_PACING_MS", "0"),
                    Map.entry("WORKER_PLATFORMS", "musinsa,hwahae,zigzag,extract"),
                    Map.entry("LOCK_TTL_MS", "3000"),
                    // under a third of the lease, as the setting must be
                    Map.entry("REDIS_REPLICA_ACK_TIMEOUT_MS", "500"),
                    Map.entry("POLL_INTERVAL_MS", "200"),
                    Map.entry("SHUTDOWN_GRACE_MS", "1000"),
                    Map.entry("RESULTS_DIR", work.resolve("results").toString()),
                    Map.entry("PORT", Integer.toString(port))));
            List<ScannerProcessHandle> processes = new ArrayList<>();
            try {
                ScannerProcessHandle apiProcess =
                        ScannerProcessHandle.start(with(common, "SERVICE_NAME", "api"), "api");
                processes.add(apiProcess);
                for (String name : List.of("worker-a", "worker-b")) {
                    processes.add(ScannerProcessHandle.start(with(common, "SERVICE_NAME", name), "worker"));
                }
                Api api = new Api(port);
                api.awaitHealthy(apiProcess, Duration.ofSeconds(90));
                for (ScannerProcessHandle worker : processes.subList(1, processes.size())) {
                    worker.awaitOutput("event=worker.started", Duration.ofSeconds(90));
                }
                Api.Reply schedule = api.post(
                        "/api/v2/schedules",
                        "{\"id\": \"" + SCHEDULE_ID
                                + "\", \"workflow_id\": \"hwahae-validation-v2\", \"cron\": \"* * * * *\","
                                + " \"time_zone\": \"UTC\", \"params\": {\"products\": " + products(hwahae, 0) + "}}");
                assertEquals(201, schedule.status(), schedule.raw());
                Instant scheduleCreated = Instant.now();

                // the submitter: 200 jobs spread over the run, each retried on 503 under its idempotency key (a
                // client's part), so every job ends acknowledged once
                List<Answer> answers = new CopyOnWriteArrayList<>();
                Map<String, Platform> acknowledged = new ConcurrentHashMap<>();
                Instant start = Instant.now();
                Thread submitter = Thread.ofPlatform()
                        .name("failover-submitter")
                        .start(() -> {
                            for (int j = 0; j < JOBS; j++) {
                                Platform platform = platforms.get(j % platforms.size());
                                sleepUntil(start.plusMillis(SUBMIT_MILLIS * j / JOBS));
                                String body = submission(platform, j);
                                while (!Thread.currentThread().isInterrupted()) {
                                    Instant at = Instant.now();
                                    try {
                                        Api.Reply reply = api.post("/api/v2/workflows/execute", body);
                                        answers.add(new Answer(
                                                at,
                                                reply.status(),
                                                Duration.between(at, Instant.now())
                                                        .toMillis(),
                                                reply.status() == 200
                                                        ? reply.raw()
                                                        : reply.body()
                                                                .path("error")
                                                                .toString()));
                                        if (reply.status() == 202 || reply.status() == 200) {
                                            acknowledged.put(
                                                    reply.body()
                                                            .path("data")
                                                            .path("job_id")
                                                            .asText(),
                                                    platform);
                                            break;
                                        }
                                        if (reply.status() != 503) {
                                            break; // a refusal no retry changes: reported below
                                        }
                                    } catch (IOException e) {
                                        answers.add(new Answer(
                                                at,
                                                -1,
                                                Duration.between(at, Instant.now())
                                                        .toMillis(),
                                                e.toString()));
                                    } catch (InterruptedException e) {
                                        return;
                                    }
                                    sleep(250);
                                }
                            }
                        });

                // kill 1: the primary dies with the replicas in sync
                sleepUntil(start.plusMillis(FIRST_KILL_AT_MS));
                // the instant before the signal: an answer cut short by the kill may end within a millisecond of it
                Instant killed1 = Instant.now();
                SentinelRedis.Address first = redis.killPrimary();
                redis.awaitFailover(first, Duration.ofSeconds(30));
                Instant switched1 = Instant.now();
                redis.restartKilled();
                Instant replicated1 = redis.awaitReplicaInSync(Duration.ofSeconds(60));

                // kill 2: the replicas lag (cut off) while the primary still takes submissions, then it dies
                sleepUntil(start.plusMillis(SECOND_KILL_AT_MS));
                redis.pauseReplicas();
                Instant paused2 = Instant.now();
                Thread.sleep(LAG_MILLIS);
                Instant killed2 = Instant.now();
                SentinelRedis.Address second = redis.killPrimary();
                redis.resumeReplicas();
                redis.awaitFailover(second, Duration.ofSeconds(30));
                Instant switched2 = Instant.now();
                redis.restartKilled();
                Instant replicated2 = redis.awaitReplicaInSync(Duration.ofSeconds(60));

                submitter.join(TimeUnit.SECONDS.toMillis(120));
                assertTrue(!submitter.isAlive(), "the submitter is stuck");
                Instant submitted = Instant.now();

                // every acknowledged job ends, or is gone (lost in a switch)
                Map<String, JsonNode> finished = new TreeMap<>();
                List<String> lost = new ArrayList<>();
                List<String> stuck = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                for (String id : new TreeSet<>(acknowledged.keySet())) {
                    while (true) {
                        Api.Reply reply = api.get("/api/v2/jobs/" + id);
                        String status = reply.body().path("data").path("status").asText();
                        if (reply.status() == 404) {
                            lost.add(id);
                            break;
                        }
                        if (Set.of("completed", "failed", "cancelled").contains(status)) {
                            finished.put(id, reply.body().path("data"));
                            break;
                        }
                        if (System.nanoTime() > deadline) {
                            stuck.add(id + " " + reply.raw());
                            break;
                        }
                        Thread.sleep(100);
                    }
                }

                // the schedule's runs: every job of its workflow that the submitter did not send
                Map<String, List<String>> runsBySlot = new TreeMap<>();
                JsonNode listed = api.get("/api/v2/jobs?workflow_id=hwahae-validation-v2&limit=500")
                        .body()
                        .path("data")
                        .path("jobs");
                for (JsonNode job : listed) {
                    String id = job.path("job_id").asText();
                    if (acknowledged.containsKey(id)) {
                        continue;
                    }
                    JsonNode run = api.awaitFinished(id, Duration.ofSeconds(60));
                    finished.put(id, run);
                    JsonNode metadata = run.path("metadata");
                    assertEquals(SCHEDULE_ID, metadata.path("schedule_id").asText(), "not the schedule's: " + run);
                    runsBySlot
                            .computeIfAbsent(metadata.path("idempotency_key").asText(), k -> new ArrayList<>())
                            .add(id);
                }
                // slots the scheduler had time to fire in: minute boundaries after its creation, a few seconds
                // before the end
                List<String> expectedSlots = new ArrayList<>();
                for (long minute = scheduleCreated.getEpochSecond() / 60 + 1;
                        minute * 60 + 5 < submitted.getEpochSecond();
                        minute++) {
                    expectedSlots.add("schedule:" + SCHEDULE_ID + ":" + minute);
                }

                // how often each job completed, from the workers' own logs (a job run to the end twice says so twice)
                Map<String, Integer> completions = new HashMap<>();
                for (ScannerProcessHandle worker : processes.subList(1, processes.size())) {
                    Matcher matcher = FINISHED.matcher(worker.output());
                    while (matcher.find()) {
                        if (matcher.group(3).equals("completed")) {
                            completions.merge(matcher.group(1), 1, Integer::sum);
                        }
                    }
                    // an outcome no replica confirmed was not acknowledged: its job's second run is no double
                    Matcher unconfirmed = UNCONFIRMED_FINISH.matcher(worker.output());
                    while (unconfirmed.find()) {
                        completions.merge(unconfirmed.group(1), -1, Integer::sum);
                    }
                }
                List<String> completedTwice = new ArrayList<>();
                List<String> notCompleted = new ArrayList<>();
                finished.forEach((id, job) -> {
                    if (!job.path("status").asText().equals("completed")) {
                        notCompleted.add(id + " " + job.path("status").asText() + " " + job.path("error"));
                    }
                    int times = completions.getOrDefault(id, 0);
                    if (times != 1) {
                        completedTwice.add(id + " completed " + times + " times");
                    }
                });

                // no two jobs of a one-at-a-time platform overlap
                List<String> overlaps = new ArrayList<>();
                for (Platform platform : platforms) {
                    if (!platform.oneJobAtATime()) {
                        continue;
                    }
                    overlaps.addAll(JobOverlaps.among(finished.values().stream()
                            .filter(job -> job.path("platform").asText().equals(platform.id()))
                            .toList()));
                }

                // the API's answers: 503 only in a switch (from the cut-off with acks, from the kill without)
                // with acks a switch lasts until a replica is in sync again and confirms writes (a write waiting on
                // WAIT then is answered up to REDIS_REPLICA_ACK_TIMEOUT_MS later)
                Instant window1End = later(switched1.plusMillis(RECONNECT_GRACE_MS), replicated1.plusSeconds(2));
                Instant window2Start = minReplicaAcks > 0 ? paused2 : killed2;
                Instant window2End = later(switched2.plusMillis(RECONNECT_GRACE_MS), replicated2.plusSeconds(2));
                List<String> wrongAnswers = new ArrayList<>();
                int unavailable = 0;
                Instant last503 = null;
                for (Answer answer : answers) {
                    if (answer.status() == 202 || answer.status() == 200) {
                        continue;
                    }
                    // sent or answered in a switch: a request sent just before a kill is answered in it, one sent in it
                    // may be answered after it (a call held until Lettuce's command timeout)
                    Instant answered = answer.at().plusMillis(answer.millis());
                    boolean inSwitch = within(answer.at(), killed1, window1End)
                            || within(answered, killed1, window1End)
                            || within(answer.at(), window2Start, window2End)
                            || within(answered, window2Start, window2End);
                    if (answer.status() == 503 && inSwitch) {
                        unavailable++;
                        last503 = last503 == null || answer.at().isAfter(last503) ? answer.at() : last503;
                    } else {
                        wrongAnswers.add(answer.toString());
                    }
                }

                long firstCompletion1 = firstCompletedAfter(finished.values(), killed1);
                long firstCompletion2 = firstCompletedAfter(finished.values(), killed2);
                List<String> firedTwice = new ArrayList<>();
                runsBySlot.forEach((slot, runs) -> {
                    if (runs.size() > 1) {
                        firedTwice.add(slot + " " + runs);
                    }
                });
                List<String> missedSlots = expectedSlots.stream()
                        .filter(slot -> !runsBySlot.containsKey(slot))
                        .toList();
                System.out.printf(
                        "failover: REDIS_MIN_REPLICA_ACKS=%d, %d jobs acknowledged over %d platforms, 2 workers each;"
                                + " kill 1: sentinels switched in %d ms, first job completed %d ms after the kill;"
                                + " kill 2 (replicas cut off %d ms before): switched in %d ms, first job completed %d ms"
                                + " after the kill; 503s %d (last %s ms after the second switch); acknowledged jobs"
                                + " lost %d %s; completed other than once %d %s; slowest answer %d ms; schedule slots %d expected, %d fired,"
                                + " %d twice%n",
                        minReplicaAcks,
                        acknowledged.size(),
                        platforms.size(),
                        Duration.between(killed1, switched1).toMillis(),
                        firstCompletion1,
                        Duration.between(paused2, killed2).toMillis(),
                        Duration.between(killed2, switched2).toMillis(),
                        firstCompletion2,
                        unavailable,
                        last503 == null
                                ? "-"
                                : Duration.between(switched2, last503).toMillis(),
                        lost.size(),
                        lost,
                        completedTwice.size(),
                        completedTwice,
                        answers.stream().mapToLong(Answer::millis).max().orElse(0),
                        expectedSlots.size(),
                        runsBySlot.size(),
                        firedTwice.size());

                // what the primary holds of each lost job: nothing, or a fragment of its hash
                if (!lost.isEmpty()) {
                    RedisClient peek = RedisClient.create(redis.primaryUrl());
                    try (StatefulRedisConnection<String, String> connection = peek.connect()) {
                        for (String id : lost) {
                            System.out.println("failover: lost job " + id + " on the primary: "
                                    + connection.sync().hgetall("workflow:job:" + id));
                        }
                    } finally {
                        peek.shutdown();
                    }
                }
                // the repeats answered 200, and what the nodes and sentinels did (which node was primary when)
                if (!lost.isEmpty()) {
                    answers.stream()
                            .filter(answer -> answer.status() == 200)
                            .forEach(answer -> System.out.println("failover: repeat answered " + answer));
                    System.out.println("failover: the nodes' logs\n" + redis.logs());
                }
                // what the processes said about each lost job and each refusal, against the timeline
                System.out.printf(
                        "failover: timeline kill 1 %s, switched %s, replicas cut off %s, kill 2 %s, switched %s%n",
                        killed1, switched1, paused2, killed2, switched2);
                for (ScannerProcessHandle process : processes) {
                    process.output()
                            .lines()
                            .filter(line -> line.contains("redis_unavailable")
                                    || line.contains("not_replicated")
                                    || lost.stream().anyMatch(line::contains))
                            .forEach(line -> System.out.println("failover: said " + line));
                }
                String logs = processes.stream().map(p -> tail(p, 60)).reduce("", String::concat);
                assertEquals(JOBS, acknowledged.size(), "every submission ends acknowledged");
                assertEquals(List.of(), wrongAnswers, "answers other than 202, or a 503 outside a switch:\n" + logs);
                assertEquals(List.of(), stuck, "acknowledged jobs that never ended:\n" + logs);
                assertEquals(List.of(), notCompleted, "jobs that did not complete");
                assertEquals(List.of(), overlaps, "jobs of one platform that overlapped");
                assertEquals(List.of(), firedTwice, "schedule slots that fired more than once");
                for (ScannerProcessHandle process : processes) {
                    assertTrue(process.isAlive(), "a process died:\n" + process.output());
                }
                if (minReplicaAcks > 0) {
                    // durable acknowledgements: no acknowledged job goes missing, nothing done runs again
                    assertEquals(List.of(), lost, "acknowledged jobs lost in a failover");
                    assertEquals(List.of(), completedTwice, "jobs whose completion was lost and ran again");
                    assertEquals(List.of(), missedSlots, "schedule slots that never fired");
                }
            } finally {
                for (ScannerProcessHandle process : processes) {
                    if (process.isAlive()) {
                        process.handle().destroyForcibly();
                    }
                }
            }
        }
    }

    private static boolean within(Instant at, Instant from, Instant to) {
        return !at.isBefore(from) && !at.isAfter(to);
    }

    /** Milliseconds from {@code after} to the first job completed later (on the new primary), -1 for none. */
    private static long firstCompletedAfter(Iterable<JsonNode> jobs, Instant after) {
        Instant first = null;
        for (JsonNode job : jobs) {
            if (!job.path("completed_at").isTextual()) {
                continue;
            }
            Instant at = Instant.parse(job.path("completed_at").asText());
            if (at.isAfter(after) && (first == null || at.isBefore(first))) {
                first = at;
            }
        }
        return first == null ? -1 : Duration.between(after, first).toMillis();
    }

    private static String submission(Platform platform, int j) {
        String key = "\"idempotency_key\": \"failover-" + j + "\"";
        if (platform.id().equals("extract")) {
            String url = platform.urls().get(j % platform.urls().size());
            return "{\"workflow_id\": \"" + platform.workflowId() + "\", " + key + ", \"params\": {\"url\": \"" + url
                    + "\"}}";
        }
        return "{\"workflow_id\": \"" + platform.workflowId() + "\", " + key + ", \"params\": {\"products\": "
                + products(platform.urls(), j) + "}}";
    }

    private static String products(List<String> urls, int j) {
        StringBuilder products = new StringBuilder("[");
        for (int k = 0; k < PER_JOB; k++) {
            products.append(k == 0 ? "" : ",")
                    .append("{\"url\": \"")
                    .append(urls.get((j + k) % urls.size()))
                    .append("\", \"product_set_id\": \"j")
                    .append(j)
                    .append("-p")
                    .append(k)
                    .append("\"}");
        }
        return products.append(']').toString();
    }

    private static List<String> productUrls(Path list) throws IOException {
        return Files.readAllLines(list).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    /** fixtures/mirror copied under {@code target}, every answer {@link #SITE_DELAY_MS} slower (at least). */
    private static Path slowedCopyOfFixtures(Path target) throws IOException {
        Path source = MirroredServe.FIXTURES.toAbsolutePath();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Path copy = target.resolve(source.relativize(file).toString());
            Files.createDirectories(copy.getParent());
            if (file.getFileName().toString().equals("routes.json")) {
                ArrayNode routes = (ArrayNode) Api.JSON.readTree(file.toFile());
                for (JsonNode route : routes) {
                    ((ObjectNode) route)
                            .put(
                                    "delay_ms",
                                    Math.max(
                                            SITE_DELAY_MS,
                                            route.path("delay_ms").asLong()));
                }
                Files.writeString(copy, routes.toString());
            } else {
                Files.copy(file, copy);
            }
        }
        return target;
    }

    private static Instant later(Instant one, Instant other) {
        return one.isAfter(other) ? one : other;
    }

    private static String tail(ScannerProcessHandle process, int lines) {
        try {
            List<String> all = process.output().lines().toList();
            return "--- process\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
        } catch (IOException e) {
            return "--- (no output: " + e.getMessage() + ")\n";
        }
    }

    private static void sleepUntil(Instant at) {
        long millis = Duration.between(Instant.now(), at).toMillis();
        if (millis > 0) {
            sleep(millis);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> copy = new HashMap<>(base);
        copy.put(key, value);
        return copy;
    }
}
