package io.productscanner.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.json.Json;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A job's progress across its nodes: each node counts for an equal share, partly done nodes by the fraction
 * they report; {@code current_node} lists the nodes running now, and {@code nodes} the state of every node
 * (pending, running, done, skipped, failed, with when it started and ended). Written to the job as it changes.
 */
final class JobProgress {
    /** The states a node goes through, as the job's {@code nodes} field names them. */
    enum NodeStatus {
        PENDING("pending"),
        RUNNING("running"),
        DONE("done"),
        SKIPPED("skipped"),
        FAILED("failed");

        private final String wireName;

        NodeStatus(String wireName) {
            this.wireName = wireName;
        }
    }

    /** One node's state. */
    private static final class NodeState {
        NodeStatus status = NodeStatus.PENDING;
        String startedAt;
        String completedAt;
        double progress;
    }

    private final String jobId;
    private final JobStore store;
    private final Clock clock;
    private final Map<String, NodeState> nodes = new LinkedHashMap<>();
    private final JsonNode before;

    /**
     * @param nodeIds  every node of the job's workflow, in the order to list them
     * @param previous the job's {@code nodes} as a run before this one left them (null for a first run): the
     *                 times of the nodes restored from its checkpoint are kept
     */
    JobProgress(String jobId, JobStore store, List<String> nodeIds, JsonNode previous, Clock clock) {
        this.jobId = jobId;
        this.store = store;
        this.clock = clock;
        this.before = previous;
        nodeIds.forEach(id -> nodes.put(id, new NodeState()));
    }

    synchronized void started(String nodeId) {
        NodeState node = node(nodeId);
        node.status = NodeStatus.RUNNING;
        node.startedAt = now();
        node.completedAt = null;
        node.progress = 0;
        publish();
    }

    synchronized void advanced(String nodeId, double fraction) {
        NodeState node = node(nodeId);
        if (node.status == NodeStatus.RUNNING) {
            node.progress = Math.max(0, Math.min(1, fraction));
            publish();
        }
    }

    /** A node finished. */
    synchronized void finished(String nodeId) {
        end(nodeId, NodeStatus.DONE, 1);
    }

    /** A node finished in an earlier run, as the checkpoint says: done, with the times that run recorded. */
    synchronized void restored(String nodeId) {
        NodeState node = node(nodeId);
        JsonNode earlier = before == null ? null : before.path(nodeId);
        node.startedAt = earlier == null ? null : textOrNull(earlier.path("started_at"));
        node.completedAt = earlier == null ? null : textOrNull(earlier.path("completed_at"));
        node.status = NodeStatus.DONE;
        node.progress = 1;
        publish();
    }

    /** A node that will not run: a branch before it chose other nodes. */
    synchronized void skipped(String nodeId) {
        end(nodeId, NodeStatus.SKIPPED, 0);
    }

    /** A node that failed (the job ends with it). */
    synchronized void failed(String nodeId) {
        NodeState node = node(nodeId);
        end(nodeId, NodeStatus.FAILED, node.progress);
    }

    private void end(String nodeId, NodeStatus status, double progress) {
        NodeState node = node(nodeId);
        node.status = status;
        node.completedAt = now();
        node.progress = progress;
        publish();
    }

    private NodeState node(String nodeId) {
        return nodes.computeIfAbsent(nodeId, id -> new NodeState());
    }

    private void publish() {
        double sum = 0;
        for (NodeState node : nodes.values()) {
            sum += switch (node.status) {
                case DONE, SKIPPED -> 1;
                case RUNNING -> node.progress;
                case PENDING, FAILED -> 0;
            };
        }
        double progress = nodes.isEmpty() ? 1 : Math.min(1, sum / nodes.size());
        String running = nodes.entrySet().stream()
                .filter(entry -> entry.getValue().status == NodeStatus.RUNNING)
                .map(Map.Entry::getKey)
                .collect(Collectors.joining(","));
        store.progress(jobId, running, progress, Json.write(states()));
    }

    private ObjectNode states() {
        ObjectNode out = Json.MAPPER.createObjectNode();
        nodes.forEach((id, node) -> {
            ObjectNode state = out.putObject(id);
            state.put("status", node.status.wireName);
            state.put("started_at", node.startedAt);
            state.put("completed_at", node.completedAt);
            state.put("progress", node.progress);
        });
        return out;
    }

    private String now() {
        return Json.timestamp(clock.instant());
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }
}
