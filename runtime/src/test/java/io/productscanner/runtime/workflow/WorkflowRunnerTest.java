package io.productscanner.runtime.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.testing.TestRedis;
import io.productscanner.runtime.worker.JobControl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The DAG runner with node types scripted by the test. */
class WorkflowRunnerTest {
    @RegisterExtension
    static final TestRedis redis = TestRedis.perClass();

    @TempDir
    Path dir;

    private final List<String> ran = new CopyOnWriteArrayList<>();
    private String jobId;
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    /** A node type that records each run and does what its config says. */
    private final class Scripted implements NodeType {
        private final String name;
        private final CountDownLatch bothStarted = new CountDownLatch(2);

        Scripted(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public NodeResult run(NodeContext context) throws Exception {
            String id = context.node().id();
            int attempt = attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            var config = context.config();
            if (config.path("await_sibling").asBoolean()) {
                bothStarted.countDown();
                if (!bothStarted.await(5, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("sibling never ran alongside");
                }
            }
            if (attempt <= config.path("fail_times").asInt(0)) {
                throw new IllegalStateException("attempt " + attempt + " fails");
            }
            if (config.has("sleep_ms")) {
                Thread.sleep(config.path("sleep_ms").asLong());
            }
            ran.add(id);
            if (config.has("choose")) {
                List<String> chosen = new ArrayList<>();
                config.path("choose").forEach(n -> chosen.add(n.asText()));
                return NodeResult.only(chosen);
            }
            return NodeResult.continueAll();
        }
    }

    private NodeTypes types = new NodeTypes(List.of(new Scripted("step")));

    private JobOutcome run(String nodesJson, String paramsJson) throws Exception {
        Files.writeString(dir.resolve("wf.json"), """
                {"workflow_id": "dag", "start_node": "start", "nodes": %s}""".formatted(nodesJson));
        WorkflowCatalog catalog = WorkflowCatalog.load(dir, types);
        assertEquals(List.of(), catalog.problems());
        WorkflowRunner runner = new WorkflowRunner(catalog, types, null, redis.store());
        if (jobId == null) {
            jobId = "job-" + System.nanoTime();
        }
        JobRecord job = new JobRecord(
                jobId,
                "dag",
                "default",
                JobStatus.RUNNING,
                0,
                0,
                null,
                1,
                Json.read(paramsJson),
                Json.MAPPER.createObjectNode(),
                null,
                null,
                null,
                null,
                null,
                "test",
                null);
        return runner.execute(new ClaimedJob(job, "token", false), control);
    }

    private JobControl control = new JobControl();

    /** Counts items 0..9 through the checkpoint, stopping the job after {@code stop_after} when asked. */
    private final class Counting implements NodeType {
        final List<Integer> counted = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "count";
        }

        @Override
        public NodeResult run(NodeContext context) {
            Map<Integer, JsonNode> done =
                    context.checkpoint().itemsDone(context.node().id());
            int stopAfter = context.config().path("stop_after").asInt(Integer.MAX_VALUE);
            for (int i = 0; i < 10; i++) {
                if (done.containsKey(i)) {
                    continue;
                }
                if (counted.size() == stopAfter) {
                    context.control().stop("worker killed");
                    throw new WorkflowException("stopped at item " + i);
                }
                counted.add(i);
                context.checkpoint().itemDone(context.node().id(), i, Json.MAPPER.valueToTree(i));
            }
            context.data()
                    .put(WorkflowRunner.SUMMARY, Json.MAPPER.createObjectNode().put("counted", counted.size()));
            return NodeResult.continueAll();
        }
    }

    @Test
    void aNodeRunsAfterAllItsPredecessorsAndReadySiblingsRunTogether() throws Exception {
        JobOutcome outcome = run("""
                {"start": {"type": "step", "next_nodes": ["left", "right"]},
                 "left": {"type": "step", "config": {"await_sibling": true}, "next_nodes": ["join"]},
                 "right": {"type": "step", "config": {"await_sibling": true, "sleep_ms": 50}, "next_nodes": ["join"]},
                 "join": {"type": "step"}}""", "{}");
        assertEquals(JobStatus.COMPLETED, outcome.status(), outcome.error());
        assertEquals("start", ran.getFirst());
        assertEquals("join", ran.getLast());
        assertEquals(4, ran.size());
    }

    @Test
    void aBranchingNodeSkipsTheNodesItDidNotChooseButAJoinStillRuns() throws Exception {
        JobOutcome outcome = run("""
                {"start": {"type": "step", "config": {"choose": ["${route}"]}, "next_nodes": ["update", "report"]},
                 "update": {"type": "step", "next_nodes": ["after_update", "notify"]},
                 "after_update": {"type": "step"},
                 "report": {"type": "step", "next_nodes": ["notify"]},
                 "notify": {"type": "step"}}""", "{\"route\": \"report\"}");
        assertEquals(JobStatus.COMPLETED, outcome.status(), outcome.error());
        assertEquals(List.of("start", "report", "notify"), ran);
    }

    @Test
    void aFailingNodeIsRetriedWithBackoffUpToItsLimit() throws Exception {
        JobOutcome outcome = run("""
                {"start": {"type": "step", "config": {"fail_times": 2},
                           "retry": {"max_attempts": 3, "backoff_ms": 10}, "next_nodes": ["end"]},
                 "end": {"type": "step"}}""", "{}");
        assertEquals(JobStatus.COMPLETED, outcome.status(), outcome.error());
        assertEquals(3, attempts.get("start").get());
        assertEquals(List.of("start", "end"), ran);
    }

    @Test
    void aNodeThatKeepsFailingFailsTheJobNamingTheNodeAndTheLaterNodesNeverRun() throws Exception {
        JobOutcome outcome = run("""
                {"start": {"type": "step", "config": {"fail_times": 5},
                           "retry": {"max_attempts": 2, "backoff_ms": 1}, "next_nodes": ["end"]},
                 "end": {"type": "step"}}""", "{}");
        assertEquals(JobStatus.FAILED, outcome.status());
        assertEquals("node 'start': IllegalStateException: attempt 2 fails (after 2 attempts)", outcome.error());
        assertEquals(2, attempts.get("start").get());
        assertEquals(List.of(), ran);
    }

    @Test
    void aNodeOverItsTimeoutIsStoppedAndFailsTheJob() throws Exception {
        long started = System.nanoTime();
        JobOutcome outcome = run("""
                {"start": {"type": "step", "config": {"sleep_ms": 20000}, "timeout_ms": 200}}""", "{}");
        assertEquals(JobStatus.FAILED, outcome.status());
        assertEquals("node 'start': timed out after 200 ms", outcome.error());
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10), "the timeout was not enforced");
        assertNull(attempts.get("end"));
    }

    @Test
    void aResumedJobSkipsFinishedNodesAndTheItemsItAlreadyDid() throws Exception {
        Counting counting = new Counting();
        types = new NodeTypes(List.of(new Scripted("step"), counting));
        String nodes = """
                {"start": {"type": "step", "next_nodes": ["count"]},
                 "count": {"type": "count", "config": {"stop_after": "${stop_after}"}, "next_nodes": ["end"]},
                 "end": {"type": "step"}}""";
        JobOutcome interrupted = run(nodes, "{\"stop_after\": 4}");
        assertEquals(JobStatus.FAILED, interrupted.status());
        assertEquals(List.of(0, 1, 2, 3), counting.counted);
        assertEquals(List.of("start"), ran);

        // the same job, taken over by another worker after the first one died
        control = new JobControl();
        counting.counted.clear();
        JobOutcome resumed = run(nodes, "{\"stop_after\": 1000}");
        assertEquals(JobStatus.COMPLETED, resumed.status(), resumed.error());
        assertEquals(List.of(4, 5, 6, 7, 8, 9), counting.counted, "items done before the stop are not redone");
        assertEquals(List.of("start", "end"), ran, "the finished start node does not run again");
        assertEquals(1, attempts.get("start").get());
    }

    @Test
    void progressReachesOneAndNoNodeIsLeftCurrent() throws Exception {
        JobOutcome outcome = run("""
                {"start": {"type": "step", "next_nodes": ["end"]}, "end": {"type": "step"}}""", "{}");
        assertEquals(JobStatus.COMPLETED, outcome.status());
        // progress is written asynchronously on the shared connection; a later command there sees it
        redis.connections().commands().ping();
        var hash = redis.connections().commands().hgetall(redis.keys().job(jobId));
        assertEquals("1.0", hash.get("progress"), hash.toString());
        assertEquals("", hash.get("current_node"), hash.toString());
    }
}
