package io.productscanner.runtime.testing;

import io.productscanner.runtime.workflow.NodeContext;
import io.productscanner.runtime.workflow.NodeResult;
import io.productscanner.runtime.workflow.NodeType;
import java.util.function.Consumer;

/** Node types for workflows whose nodes are not what a test is about. */
public final class TestNodes {
    private TestNodes() {}

    /** {@code noop}: does nothing and goes on. */
    public static NodeType noop() {
        return node("noop", context -> {});
    }

    /** A node type called {@code name} that runs {@code body} and goes on. */
    public static NodeType node(String name, Consumer<NodeContext> body) {
        return new NodeType() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public NodeResult run(NodeContext context) {
                body.accept(context);
                return NodeResult.continueAll();
            }
        };
    }
}
