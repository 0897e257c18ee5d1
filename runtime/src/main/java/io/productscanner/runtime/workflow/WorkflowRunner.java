package io.productscanner.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.job.JobCheckpoint;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.worker.JobControl;
import io.productscanner.runtime.worker.JobExecutor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a job's workflow as a DAG (see {@link DagExecution}), recording the running nodes and progress on the
 * job as it goes. The job's result is the summary the nodes left in {@link WorkflowRunner#SUMMARY}.
 */
public final class WorkflowRunner implements JobExecutor {
    private static final System.Logger LOG = System.getLogger(WorkflowRunner.class.getName());

    /** The job's result summary, set by the node that stores results. */
    public static final JobData.Key<JsonNode> SUMMARY =
            new JobData.Key<>("summary", JsonNode.class, json -> json, json -> json);

    private final WorkflowCatalog catalog;
    private final NodeTypes nodeTypes;
    private final PluginRegistry plugins;
    private final JobStore store;

    public WorkflowRunner(WorkflowCatalog catalog, NodeTypes nodeTypes, PluginRegistry plugins, JobStore store) {
        this.catalog = catalog;
        this.nodeTypes = nodeTypes;
        this.plugins = plugins;
        this.store = store;
    }

    /**
     * Problems that would stop a job with these params: placeholders without a param and each node's own
     * param checks. Empty when the job may be queued.
     */
    public List<ParamProblem> paramProblems(WorkflowDefinition workflow, ObjectNode params) {
        List<ParamProblem> problems = new ArrayList<>();
        for (String nodeId : workflow.order()) {
            NodeDefinition node = workflow.nodes().get(nodeId);
            JsonNode config;
            try {
                config = Placeholders.resolve(node.config(), params);
            } catch (WorkflowException e) {
                problems.add(new ParamProblem("params", e.getMessage()));
                continue;
            }
            problems.addAll(nodeTypes.find(node.type()).orElseThrow().paramProblems(workflow, config, params));
        }
        return problems;
    }

    /** Closes the platform's plugin scanners; the next scan of the platform creates new ones. */
    @Override
    public void restartPlatform(String platform) {
        plugins.dropScanners(platform);
    }

    @Override
    public JobOutcome execute(ClaimedJob claimed, JobControl control) throws Exception {
        var job = claimed.job();
        WorkflowDefinition workflow = catalog.find(job.workflowId()).orElse(null);
        if (workflow == null) {
            return JobOutcome.failed("workflow '" + job.workflowId() + "' is not served by this worker", null);
        }
        ObjectNode params = job.params() instanceof ObjectNode object ? object : Json.MAPPER.createObjectNode();
        JobData data = new JobData();
        JobCheckpoint checkpoint = store.checkpoint(job.jobId());
        JobCheckpoint.Restored restored = checkpoint.restore();
        Map<String, JobData.Key<?>> dataKeys = nodeTypes.dataKeys();
        restored.data().forEach((name, json) -> {
            JobData.Key<?> key = name.equals(SUMMARY.name()) ? SUMMARY : dataKeys.get(name);
            if (key != null) {
                data.restore(key, json);
            }
        });
        if (!restored.isEmpty()) {
            LogEvent.info(
                    LOG,
                    "job.resumed",
                    "job_id",
                    job.jobId(),
                    "platform",
                    job.platform(),
                    "attempt",
                    job.attempts(),
                    "finished_nodes",
                    String.join(",", restored.finishedNodes().keySet()));
        }
        JobProgress progress = new JobProgress(job.jobId(), store, workflow.order(), job.nodes(), Clock.systemUTC());
        DagExecution dag = new DagExecution(
                workflow,
                job,
                nodeTypes,
                node -> new NodeContext(
                        job,
                        params,
                        node,
                        Placeholders.resolve(node.config(), params),
                        data,
                        plugins,
                        store,
                        control,
                        fraction -> progress.advanced(node.id(), fraction),
                        checkpoint,
                        claimed),
                progress);
        DagExecution.Ending ending = dag.run(
                restored.finishedNodes(),
                (nodeId, chosen) -> checkpoint.nodeFinished(nodeId, chosen, data.takeUnsaved()),
                control::stopReason);
        JsonNode summary = data.find(SUMMARY).orElse(null);
        if (control.cancelled()) {
            return new JobOutcome(JobStatus.CANCELLED, "cancelled on request", summary);
        }
        if (ending.failure() != null) {
            // a node's error or timeout may pass on another run; a broken workflow or a stop (lost lease, shutdown)
            // would not be helped by one
            boolean mayPassOnRetry = ending.retryable() && !control.stopRequested();
            return mayPassOnRetry
                    ? JobOutcome.failedRetryable(ending.failure(), summary)
                    : JobOutcome.failed(ending.failure(), summary);
        }
        if (control.stopRequested()) {
            return JobOutcome.failed("stopped: " + control.stopReason(), summary);
        }
        return JobOutcome.completed(summary);
    }
}
