package io.productscanner.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.job.JobCheckpoint;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.worker.JobControl;
import java.util.function.DoubleConsumer;

/**
 * Everything a node needs while it runs: the job, its params, the node's resolved config, the data earlier
 * nodes produced, the plugins, the job store, the stop flag, a progress callback (0..1 within the node) and
 * the job's checkpoint, where long nodes record each finished item so a resumed job skips them.
 *
 * @param lease the worker's lease on the job's platform, for writes that must not happen once it is lost (a
 *              worker whose job was taken over must not replace its results); null when a node runs outside a
 *              worker (tests, tools), and then such writes are not guarded
 */
public record NodeContext(
        JobRecord job,
        ObjectNode params,
        NodeDefinition node,
        JsonNode config,
        JobData data,
        PluginRegistry plugins,
        JobStore store,
        JobControl control,
        DoubleConsumer progress,
        JobCheckpoint checkpoint,
        ClaimedJob lease) {
    /** A context without a lease: for nodes run outside a worker. */
    public NodeContext(
            JobRecord job,
            ObjectNode params,
            NodeDefinition node,
            JsonNode config,
            JobData data,
            PluginRegistry plugins,
            JobStore store,
            JobControl control,
            DoubleConsumer progress,
            JobCheckpoint checkpoint) {
        this(job, params, node, config, data, plugins, store, control, progress, checkpoint, null);
    }
}
