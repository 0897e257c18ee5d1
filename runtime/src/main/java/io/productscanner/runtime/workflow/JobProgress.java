package io.productscanner.runtime.workflow;

import io.productscanner.runtime.job.JobStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A job's progress across its nodes: each node counts for an equal share, partly done nodes by the fraction
 * they report; {@code current_node} lists the nodes running now. Written to the job as it changes.
 */
final class JobProgress {
    private final String jobId;
    private final JobStore store;
    private final int totalNodes;
    private final Map<String, Double> running = new LinkedHashMap<>();
    private int finishedNodes;

    JobProgress(String jobId, JobStore store, int totalNodes) {
        this.jobId = jobId;
        this.store = store;
        this.totalNodes = totalNodes;
    }

    synchronized void started(String nodeId) {
        running.put(nodeId, 0.0);
        publish();
    }

    synchronized void advanced(String nodeId, double fraction) {
        if (running.containsKey(nodeId)) {
            running.put(nodeId, Math.max(0, Math.min(1, fraction)));
            publish();
        }
    }

    /** A node finished, or was skipped or restored from a checkpoint. */
    synchronized void finished(String nodeId) {
        running.remove(nodeId);
        finishedNodes++;
        publish();
    }

    private void publish() {
        double partial =
                running.values().stream().mapToDouble(Double::doubleValue).sum();
        double progress = totalNodes == 0 ? 1 : Math.min(1, (finishedNodes + partial) / totalNodes);
        store.progress(jobId, running.keySet().stream().collect(Collectors.joining(",")), progress);
    }
}
