package io.productscanner.runtime.workflow;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.logging.LogEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs one job's workflow as a DAG: a node starts once every predecessor has finished or been skipped, ready
 * siblings run at the same time, and a node that branches skips the next nodes it did not choose (and every
 * node reachable only through them).
 */
final class DagExecution {
    private static final System.Logger LOG = System.getLogger(DagExecution.class.getName());

    private final WorkflowDefinition workflow;
    private final JobRecord job;
    private final NodeTypes nodeTypes;
    private final Function<NodeDefinition, NodeContext> contexts;
    private final JobProgress progress;
    private final Map<String, Integer> unfinishedPredecessors = new HashMap<>();
    private final Set<String> activated = new HashSet<>();

    /**
     * How the DAG ended: null {@code failure} when every node finished or was skipped; {@code retryable} when a
     * node failed with an error or timeout (not a {@link WorkflowException}), which another run may not meet.
     */
    record Ending(String failure, boolean retryable) {
        Ending(String failure) {
            this(failure, false);
        }
    }

    DagExecution(
            WorkflowDefinition workflow,
            JobRecord job,
            NodeTypes nodeTypes,
            Function<NodeDefinition, NodeContext> contexts,
            JobProgress progress) {
        this.workflow = workflow;
        this.job = job;
        this.nodeTypes = nodeTypes;
        this.contexts = contexts;
        this.progress = progress;
        workflow.nodes().keySet().forEach(id -> unfinishedPredecessors.put(id, 0));
        workflow.nodes()
                .values()
                .forEach(n -> n.nextNodes().forEach(next -> unfinishedPredecessors.merge(next, 1, Integer::sum)));
    }

    /**
     * Runs the nodes not yet done.
     *
     * @param alreadyDone nodes a checkpoint says finished, with the next nodes each chose
     * @param onFinished  called after each node finishes, with its choice (for checkpoints)
     */
    Ending run(Map<String, List<String>> alreadyDone, NodeFinishedListener onFinished, StopCheck stop)
            throws InterruptedException {
        Deque<String> ready = new ArrayDeque<>();
        activated.add(workflow.startNode());
        ready.add(workflow.startNode());
        // each node's thread starts in the job's trace context
        ExecutorService threads = Context.taskWrapping(Executors.newVirtualThreadPerTaskExecutor());
        ExecutorCompletionService<Finished> completions = new ExecutorCompletionService<>(threads);
        int running = 0;
        try {
            while (!ready.isEmpty() || running > 0) {
                while (!ready.isEmpty()) {
                    String id = ready.poll();
                    if (alreadyDone.containsKey(id)) {
                        // restored from a checkpoint: finished before, with the choice it made then
                        progress.restored(id);
                        release(id, alreadyDone.get(id), ready);
                        continue;
                    }
                    NodeDefinition node = workflow.nodes().get(id);
                    NodeType type = nodeTypes.find(node.type()).orElseThrow();
                    progress.started(id);
                    completions.submit(() -> runNode(node, type));
                    running++;
                }
                if (running == 0) {
                    break;
                }
                Finished finished = take(completions);
                running--;
                if (finished.failure() != null) {
                    progress.failed(finished.nodeId());
                    return new Ending("node '" + finished.nodeId() + "': " + finished.failure(), finished.retryable());
                }
                NodeDefinition node = workflow.nodes().get(finished.nodeId());
                List<String> chosen = finished.result().chosenNext().orElse(node.nextNodes());
                for (String next : chosen) {
                    if (!node.nextNodes().contains(next)) {
                        progress.failed(node.id());
                        return new Ending("node '" + node.id() + "' chose '" + next + "', which is not one of its "
                                + "next_nodes " + node.nextNodes());
                    }
                }
                onFinished.finished(node.id(), chosen);
                progress.finished(node.id());
                if (stop.stopReason() != null) {
                    return new Ending("stopped: " + stop.stopReason());
                }
                release(node.id(), chosen, ready);
            }
            return new Ending(null);
        } finally {
            threads.shutdownNow();
        }
    }

    /** Marks the chosen successors active and queues each whose predecessors are all finished or skipped. */
    private void release(String nodeId, List<String> chosen, Deque<String> ready) {
        for (String next : workflow.nodes().get(nodeId).nextNodes()) {
            if (chosen.contains(next)) {
                activated.add(next);
            }
            if (unfinishedPredecessors.merge(next, -1, Integer::sum) == 0) {
                if (activated.contains(next)) {
                    ready.add(next);
                } else {
                    skip(next, ready);
                }
            }
        }
    }

    private void skip(String nodeId, Deque<String> ready) {
        LogEvent.debug(LOG, "node.skipped", "job_id", job.jobId(), "platform", job.platform(), "node", nodeId);
        progress.skipped(nodeId);
        release(nodeId, List.of(), ready);
    }

    private Finished runNode(NodeDefinition node, NodeType type) throws InterruptedException {
        Span span = GlobalOpenTelemetry.getTracer("io.productscanner.workflow")
                .spanBuilder("node " + node.id())
                .setAttribute("scanner.job_id", job.jobId())
                .setAttribute("scanner.platform", job.platform())
                .setAttribute("scanner.workflow_id", workflow.workflowId())
                .setAttribute("scanner.node_id", node.id())
                .setAttribute("scanner.node_type", node.type())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            Finished finished = runNodeUnder(node, type);
            if (finished.failure() != null) {
                span.setStatus(StatusCode.ERROR, finished.failure());
            }
            return finished;
        } finally {
            span.end();
        }
    }

    private Finished runNodeUnder(NodeDefinition node, NodeType type) throws InterruptedException {
        long started = System.nanoTime();
        try {
            NodeResult result = NodeInvoker.invoke(type, contexts.apply(node));
            LogEvent.info(
                    LOG,
                    "node.finished",
                    "job_id",
                    job.jobId(),
                    "platform",
                    job.platform(),
                    "node",
                    node.id(),
                    "duration_ms",
                    (System.nanoTime() - started) / 1_000_000);
            return new Finished(node.id(), result, null, false);
        } catch (NodeInvoker.NodeFailure e) {
            LogEvent.warn(
                    LOG,
                    "node.failed",
                    "job_id",
                    job.jobId(),
                    "platform",
                    job.platform(),
                    "node",
                    node.id(),
                    "error",
                    e.getMessage());
            return new Finished(node.id(), null, e.getMessage(), !(e.getCause() instanceof WorkflowException));
        } catch (WorkflowException e) {
            return new Finished(node.id(), null, e.getMessage(), false);
        }
    }

    private static Finished take(ExecutorCompletionService<Finished> completions) throws InterruptedException {
        Future<Finished> next = completions.take();
        try {
            return next.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("node task failed unexpectedly", e.getCause());
        }
    }

    private record Finished(String nodeId, NodeResult result, String failure, boolean retryable) {}

    /** Told when a node finishes, with the next nodes it chose. */
    @FunctionalInterface
    interface NodeFinishedListener {
        void finished(String nodeId, List<String> chosenNext);
    }

    /** Says why the job must stop, or null to go on. */
    @FunctionalInterface
    interface StopCheck {
        String stopReason();
    }
}
