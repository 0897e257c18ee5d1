package io.productscanner.runtime.workflow;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** What the nodes of one job hand each other, by typed key. */
public final class JobData {
    /** A typed name for one piece of job data. */
    public record Key<T>(String name, Class<T> type) {
    }

    private final Map<Key<?>, Object> values = new ConcurrentHashMap<>();

    public <T> void put(Key<T> key, T value) {
        values.put(key, value);
    }

    public <T> Optional<T> find(Key<T> key) {
        return Optional.ofNullable(key.type().cast(values.get(key)));
    }

    /** The value an earlier node must have produced; a workflow wired without that node fails clearly. */
    public <T> T require(Key<T> key, String neededBy) {
        return find(key).orElseThrow(() -> new WorkflowException("node '" + neededBy + "' needs '" + key.name()
                + "', which no earlier node produced (check the workflow's next_nodes)"));
    }
}
