package io.productscanner.runtime.workflow;

import io.productscanner.runtime.logging.LogEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.worker.JobControl;
import io.productscanner.runtime.worker.JobExecutor;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a job's workflow: its nodes in dependency order (a node runs after all its predecessors), recording
 * the current node and progress on the job as it goes. The job's result is the summary the nodes left in
 * {@link WorkflowRunner#SUMMARY}.
 */
public final class WorkflowRunner implements JobExecutor {
    /** The job's result summary, set by the node that stores results. */
    public static final JobData.Key<JsonNode> SUMMARY = new JobData.Key<>("summary", JsonNode.class);

    private static final System.Logger LOG = System.getLogger(WorkflowRunner.class.getName());

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

    @Override
    public JobOutcome execute(ClaimedJob claimed, JobControl control) throws Exception {
        var job = claimed.job();
        WorkflowDefinition workflow = catalog.find(job.workflowId()).orElse(null);
        if (workflow == null) {
            return JobOutcome.failed("workflow '" + job.workflowId() + "' is not served by this worker", null);
        }
        ObjectNode params = job.params() instanceof ObjectNode object ? object : Json.MAPPER.createObjectNode();
        JobData data = new JobData();
        List<String> order = workflow.order();
        for (int index = 0; index < order.size(); index++) {
            if (control.stopRequested()) {
                return new JobOutcome(JobStatus.FAILED, "stopped: " + control.stopReason(),
                        data.find(SUMMARY).orElse(null));
            }
            NodeDefinition node = workflow.nodes().get(order.get(index));
            NodeType type = nodeTypes.find(node.type()).orElseThrow();
            int done = index;
            int total = order.size();
            store.progress(job.jobId(), node.id(), (double) done / total);
            JsonNode config = Placeholders.resolve(node.config(), params);
            NodeContext context = new NodeContext(job, params, node, config, data, plugins, store, control,
                    fraction -> store.progress(job.jobId(), node.id(), (done + fraction) / total));
            long started = System.nanoTime();
            try {
                type.run(context);
            } catch (WorkflowException e) {
                return JobOutcome.failed("node '" + node.id() + "': " + e.getMessage(), data.find(SUMMARY).orElse(null));
            }
            LogEvent.debug(LOG, "node.finished", "job_id", job.jobId(), "platform", job.platform(), "node", node.id(),
                    "duration_ms", (System.nanoTime() - started) / 1_000_000);
        }
        if (control.stopRequested()) {
            return new JobOutcome(JobStatus.FAILED, "stopped: " + control.stopReason(), data.find(SUMMARY).orElse(null));
        }
        return JobOutcome.completed(data.find(SUMMARY).orElse(null));
    }
}
