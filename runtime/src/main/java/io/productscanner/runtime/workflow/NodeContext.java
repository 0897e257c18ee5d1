package io.productscanner.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.job.JobCheckpoint;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.worker.JobControl;

import java.util.function.DoubleConsumer;

/**
 * Everything a node needs while it runs: the job, its params, the node's resolved config, the data earlier
 * nodes produced, the plugins, the job store, the stop flag, a progress callback (0..1 within the node) and
 * the job's checkpoint, where long nodes record each finished item so a resumed job skips them.
 */
public record NodeContext(JobRecord job, ObjectNode params, NodeDefinition node, JsonNode config, JobData data,
                          PluginRegistry plugins, JobStore store, JobControl control, DoubleConsumer progress,
                          JobCheckpoint checkpoint) {
}
