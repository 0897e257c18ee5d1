package io.productscanner.runtime.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.job.JobIds;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.queue.IdempotencyKey;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.NewJob;
import io.productscanner.runtime.queue.QueueFull;
import java.util.List;
import java.util.Locale;

/**
 * Turns a request to run a workflow into a queued job, after checking everything that would make the job
 * fail for a reason the caller can fix: the workflow, the platform and the params.
 */
public final class WorkflowSubmitter {
    private static final System.Logger LOG = System.getLogger(WorkflowSubmitter.class.getName());

    private final WorkflowCatalog catalog;
    private final WorkflowRunner runner;
    private final PluginRegistry plugins;
    private final JobQueue queue;

    public WorkflowSubmitter(WorkflowCatalog catalog, WorkflowRunner runner, PluginRegistry plugins, JobQueue queue) {
        this.catalog = catalog;
        this.runner = runner;
        this.plugins = plugins;
        this.queue = queue;
    }

    /** A job as queued. */
    public record Submitted(String jobId, String workflowId, String platform) {}

    /** A submit's outcome: the job queued now, or the job first queued under the same idempotency key. */
    public record Accepted(String jobId, String workflowId, String platform, JobStatus status, boolean duplicate) {}

    /**
     * Checks and queues a job.
     *
     * @throws SubmissionRejected naming the field at fault; nothing is queued then
     */
    public Submitted submit(String workflowId, int priority, ObjectNode params, ObjectNode metadata) {
        Accepted accepted = submit(workflowId, priority, params, metadata, null);
        return new Submitted(accepted.jobId(), accepted.workflowId(), accepted.platform());
    }

    /**
     * Checks and queues a job, unless {@code idempotencyKey} (may be null) already queued one for the same workflow
     * within the job retention: then that first job is returned and nothing is queued. A request that fails the
     * checks is rejected even when its key was used before, so a retry never hides a mistake.
     *
     * @throws SubmissionRejected naming the field at fault, or saying the platform's queue is full; nothing is
     *                            queued then
     */
    public Accepted submit(
            String workflowId, int priority, ObjectNode params, ObjectNode metadata, IdempotencyKey idempotencyKey) {
        return submit(workflowId, null, priority, params, metadata, idempotencyKey);
    }

    /**
     * As {@link #submit(String, int, ObjectNode, ObjectNode, IdempotencyKey)}, for a caller that also says which
     * platform it expects the job on ({@code claimedPlatform}, null when it says none), as the original service's
     * clients do: refused, naming {@code platform}, when the job would run on another. Case, spaces, hyphens and
     * underscores do not count ({@code OliveYoung}, {@code olive_young} and {@code oliveyoung} agree).
     */
    public Accepted submit(
            String workflowId,
            String claimedPlatform,
            int priority,
            ObjectNode params,
            ObjectNode metadata,
            IdempotencyKey idempotencyKey) {
        Checked checked = checked(workflowId, params);
        if (claimedPlatform != null && !comparable(claimedPlatform).equals(comparable(checked.platform()))) {
            throw new SubmissionRejected(
                    SubmissionRejected.Reason.INVALID,
                    "invalid_field",
                    "platform '" + claimedPlatform + "' does not match the platform of workflow '"
                            + checked.workflow().workflowId() + "', '" + checked.platform() + "'",
                    "platform");
        }
        String jobId = JobIds.next().toString();
        JobQueue.Enqueued enqueued;
        try {
            enqueued = queue.enqueue(
                    new NewJob(
                            jobId,
                            checked.workflow().workflowId(),
                            checked.platform(),
                            priority,
                            checked.params(),
                            metadata),
                    idempotencyKey);
        } catch (QueueFull e) {
            LogEvent.warn(
                    LOG,
                    "job.queue_full",
                    "platform",
                    checked.platform(),
                    "workflow_id",
                    checked.workflow().workflowId(),
                    "limit",
                    e.limit());
            throw new SubmissionRejected(SubmissionRejected.Reason.QUEUE_FULL, "queue_full", e.getMessage(), null);
        }
        if (enqueued.duplicate()) {
            LogEvent.info(
                    LOG,
                    "job.duplicate_submit",
                    "job_id",
                    enqueued.jobId(),
                    "platform",
                    enqueued.platform(),
                    "workflow_id",
                    enqueued.workflowId(),
                    "status",
                    enqueued.status().wireName());
            return new Accepted(enqueued.jobId(), enqueued.workflowId(), enqueued.platform(), enqueued.status(), true);
        }
        LogEvent.info(
                LOG,
                "job.enqueued",
                "job_id",
                jobId,
                "platform",
                checked.platform(),
                "workflow_id",
                checked.workflow().workflowId(),
                "priority",
                priority);
        return new Accepted(jobId, checked.workflow().workflowId(), checked.platform(), JobStatus.PENDING, false);
    }

    /**
     * Makes every check a submit makes, queueing nothing: for what is stored to be submitted later (a schedule),
     * so it is refused now rather than at every run.
     *
     * @throws SubmissionRejected naming the field at fault
     */
    public void check(String workflowId, ObjectNode params) {
        checked(workflowId, params);
    }

    private static String comparable(String platform) {
        return platform.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
    }

    /** A job that passed the checks: its workflow, its platform, and its params with the workflow's defaults. */
    private record Checked(WorkflowDefinition workflow, String platform, ObjectNode params) {}

    private Checked checked(String workflowId, ObjectNode params) {
        WorkflowDefinition workflow = catalog.find(workflowId)
                .orElseThrow(() -> new SubmissionRejected(
                        SubmissionRejected.Reason.UNKNOWN_WORKFLOW,
                        "workflow_not_found",
                        "no workflow '" + workflowId
                                + "' (known: "
                                + String.join(
                                        ", ",
                                        catalog.all().stream()
                                                .map(WorkflowDefinition::workflowId)
                                                .toList()) + ")",
                        "workflow_id"));
        ObjectNode effective = workflow.effectiveParams(params);
        String platform = platformOf(workflow, effective);
        List<ParamProblem> problems = runner.paramProblems(workflow, effective);
        if (!problems.isEmpty()) {
            ParamProblem first = problems.getFirst();
            String more = problems.size() == 1
                    ? ""
                    : " (and " + (problems.size() - 1) + " more problem" + (problems.size() == 2 ? "" : "s") + ")";
            throw new SubmissionRejected(
                    SubmissionRejected.Reason.INVALID,
                    "invalid_params",
                    first.field() + " " + first.message() + more,
                    first.field());
        }
        return new Checked(workflow, platform, effective);
    }

    /** The workflow's platform, else {@code params.platform}, else the default queue. */
    private String platformOf(WorkflowDefinition workflow, ObjectNode params) {
        if (workflow.platform().isPresent()) {
            return workflow.platform().get();
        }
        if (params.hasNonNull("platform")) {
            if (!params.get("platform").isTextual()) {
                throw new SubmissionRejected(
                        SubmissionRejected.Reason.INVALID,
                        "invalid_params",
                        "params.platform must be a string",
                        "params.platform");
            }
            String platform = params.get("platform").asText();
            if (!plugins.knownQueues().contains(platform)) {
                throw new SubmissionRejected(
                        SubmissionRejected.Reason.INVALID,
                        "invalid_params",
                        "params.platform '" + platform + "' is not a known queue (known: "
                                + String.join(", ", plugins.knownQueues()) + ")",
                        "params.platform");
            }
            return platform;
        }
        return PluginRegistry.DEFAULT_QUEUE;
    }
}
