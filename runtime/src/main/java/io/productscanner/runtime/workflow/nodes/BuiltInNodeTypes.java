package io.productscanner.runtime.workflow.nodes;

import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.workflow.NodeTypes;

import java.util.List;

/** The node types the runtime provides. */
public final class BuiltInNodeTypes {
    private BuiltInNodeTypes() {
    }

    public static NodeTypes create(PluginRegistry plugins) {
        return new NodeTypes(List.of(new FetchProductNode(plugins), new ScanProductNode(), new CompareProductNode(),
                new SaveResultNode()));
    }
}
