package io.productscanner.runtime.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.testing.TestRedis;
import io.productscanner.runtime.worker.JobControl;
import io.productscanner.runtime.workflow.NodeContext;
import io.productscanner.runtime.workflow.NodeResult;
import io.productscanner.runtime.workflow.NodeType;
import io.productscanner.runtime.workflow.NodeTypes;
import io.productscanner.runtime.workflow.WorkflowCatalog;
import io.productscanner.runtime.workflow.WorkflowException;
import io.productscanner.runtime.workflow.WorkflowRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The workflow runner says a failure is retryable only when another run may not meet it. */
class RetryDecisionTest {
    @RegisterExtension
    static final TestRedis redis = TestRedis.perClass();

    @TempDir
    Path dir;

    /** A node that fails the way its config says: "error", "timeout", "workflow", or "stop" (then an error). */
    private static final class Failing implements NodeType {
        private final JobControl control;

        Failing(JobControl control) {
            this.control = control;
        }

        @Override
        public String name() {
            return "fail";
        }

        @Override
        public NodeResult run(NodeContext context) throws Exception {
            switch (context.config().path("how").asText()) {
                case "timeout" -> Thread.sleep(5_000);
                case "workflow" -> throw new WorkflowException("node 'only' needs param 'url'");
                case "stop" -> control.stop("lease on platform p lost");
                default -> {}
            }
            throw new IllegalStateException("shop answered 503");
        }
    }

    private JobOutcome run(String how) throws Exception {
        JobControl control = new JobControl();
        NodeTypes types = new NodeTypes(List.of(new Failing(control)));
        Files.writeString(dir.resolve("wf.json"), """
                {"workflow_id": "retry", "start_node": "only",
                 "nodes": {"only": {"type": "fail", "config": {"how": "%s"}, "timeout_ms": 200}}}""".formatted(how));
        WorkflowCatalog catalog = WorkflowCatalog.load(dir, types);
        assertEquals(List.of(), catalog.problems());
        WorkflowRunner runner = new WorkflowRunner(catalog, types, null, redis.store());
        JobRecord job = new JobRecord(
                "job-" + UUID.randomUUID(),
                "retry",
                "p",
                JobStatus.RUNNING,
                0,
                0,
                null,
                1,
                Json.MAPPER.createObjectNode(),
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

    @Test
    void aNodeErrorIsRetryable() throws Exception {
        JobOutcome outcome = run("error");
        assertEquals(JobStatus.FAILED, outcome.status());
        assertTrue(outcome.retryable(), outcome.error());
    }

    @Test
    void aNodeTimeoutIsRetryable() throws Exception {
        JobOutcome outcome = run("timeout");
        assertTrue(outcome.error().contains("timed out"), outcome.error());
        assertTrue(outcome.retryable());
    }

    @Test
    void aWorkflowProblemIsFinal() throws Exception {
        JobOutcome outcome = run("workflow");
        assertEquals(JobStatus.FAILED, outcome.status());
        assertFalse(outcome.retryable(), outcome.error());
    }

    @Test
    void aFailureAfterTheJobWasToldToStopIsFinal() throws Exception {
        JobOutcome outcome = run("stop");
        assertEquals(JobStatus.FAILED, outcome.status());
        assertFalse(outcome.retryable(), "a lost lease must not schedule a retry");
    }
}
