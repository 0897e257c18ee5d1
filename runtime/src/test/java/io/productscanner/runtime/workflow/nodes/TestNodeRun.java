package io.productscanner.runtime.workflow.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.worker.JobControl;
import io.productscanner.runtime.workflow.JobData;
import io.productscanner.runtime.workflow.NodeContext;
import io.productscanner.runtime.workflow.NodeDefinition;
import io.productscanner.runtime.workflow.NodeResult;
import io.productscanner.runtime.workflow.NodeType;
import io.productscanner.runtime.workflow.RetryPolicy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One run of one node, as the workflow runner would start it: a running job with its params, the node's
 * resolved config, the job data earlier nodes left, and a progress callback that is recorded.
 *
 * <p>The nodes tested with it read none of the plugins, the job store or the checkpoint, so those are absent
 * (null): a node that started to use them would fail here loudly instead of passing by accident.
 */
final class TestNodeRun {
    final String jobId = "job-" + System.nanoTime();
    final String workflowId;
    final String platform;
    final JobData data = new JobData();
    final List<Double> progress = new CopyOnWriteArrayList<>();
    ObjectNode params = Json.MAPPER.createObjectNode();
    JsonNode config = Json.MAPPER.createObjectNode();

    TestNodeRun(String workflowId, String platform) {
        this.workflowId = workflowId;
        this.platform = platform;
    }

    TestNodeRun params(String json) {
        params = (ObjectNode) Json.read(json);
        return this;
    }

    TestNodeRun config(String json) {
        config = Json.read(json);
        return this;
    }

    JobRecord job() {
        return new JobRecord(
                jobId,
                workflowId,
                platform,
                JobStatus.RUNNING,
                0,
                0,
                null,
                1,
                params,
                Json.MAPPER.createObjectNode(),
                null,
                null,
                null,
                null,
                null,
                "test",
                null);
    }

    NodeResult run(NodeType type) throws Exception {
        NodeDefinition node =
                new NodeDefinition(type.name(), type.name(), type.name(), config, List.of(), RetryPolicy.ONCE, 0);
        return type.run(
                new NodeContext(job(), params, node, config, data, null, null, new JobControl(), progress::add, null));
    }
}
