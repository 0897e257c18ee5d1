package io.productscanner.runtime.workflow;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The node types workflow files may use, by name. */
public final class NodeTypes {
    private final Map<String, NodeType> byName = new LinkedHashMap<>();

    public NodeTypes(List<NodeType> types) {
        for (NodeType type : types) {
            if (byName.putIfAbsent(type.name(), type) != null) {
                throw new IllegalArgumentException("node type '" + type.name() + "' registered twice");
            }
        }
    }

    public Optional<NodeType> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<String> names() {
        return byName.keySet();
    }

    /** Every job data key the node types put, by name. */
    public Map<String, JobData.Key<?>> dataKeys() {
        Map<String, JobData.Key<?>> keys = new LinkedHashMap<>();
        byName.values().forEach(type -> type.producedData().forEach(key -> keys.put(key.name(), key)));
        return keys;
    }
}
