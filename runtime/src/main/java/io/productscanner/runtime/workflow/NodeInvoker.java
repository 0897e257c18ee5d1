package io.productscanner.runtime.workflow;

import io.opentelemetry.context.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs one node with its retry policy and per-attempt timeout. */
final class NodeInvoker {
    private NodeInvoker() {}

    /**
     * Runs the node until an attempt succeeds or its attempts are used up.
     *
     * @throws NodeFailure with the last attempt's cause
     */
    static NodeResult invoke(NodeType type, NodeContext context) throws NodeFailure, InterruptedException {
        NodeDefinition node = context.node();
        RetryPolicy retry = node.retry();
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(type, context, node.timeoutMillis());
            } catch (WorkflowException e) {
                throw new NodeFailure(node.id(), e.getMessage(), e);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                String reason = e instanceof TimeoutException
                        ? "timed out after " + node.timeoutMillis() + " ms"
                        : e.getClass().getSimpleName() + ": " + e.getMessage();
                if (attempt >= retry.maxAttempts() || context.control().stopRequested()) {
                    throw new NodeFailure(
                            node.id(), reason + (attempt > 1 ? " (after " + attempt + " attempts)" : ""), e);
                }
                Thread.sleep(retry.backoffBefore(attempt + 1).toMillis());
            }
        }
    }

    private static NodeResult attempt(NodeType type, NodeContext context, long timeoutMillis) throws Exception {
        if (timeoutMillis <= 0) {
            return type.run(context);
        }
        CompletableFuture<NodeResult> result = new CompletableFuture<>();
        // in the node's trace context: the plugin's spans are the node's children
        Thread worker = Thread.ofVirtual()
                .name("node-" + context.node().id())
                .start(Context.current().wrap(() -> {
                    try {
                        result.complete(type.run(context));
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    }
                }));
        try {
            return result.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } finally {
            if (!result.isDone()) {
                worker.interrupt();
            }
        }
    }

    /** A node that failed for good. */
    static final class NodeFailure extends Exception {
        private final String nodeId;

        NodeFailure(String nodeId, String message, Throwable cause) {
            super(message, cause);
            this.nodeId = nodeId;
        }

        String nodeId() {
            return nodeId;
        }
    }
}
