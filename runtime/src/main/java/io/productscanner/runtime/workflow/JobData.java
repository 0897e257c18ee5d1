package io.productscanner.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the nodes of one job hand each other, by typed key. Every value can be written as JSON and read back,
 * so a job's checkpoint holds the data of its finished nodes and a resumed job starts where it stopped.
 */
public final class JobData {
    /** A typed name for one piece of job data, with its JSON form. */
    public record Key<T>(String name, Class<T> type, Function<T, JsonNode> toJson, Function<JsonNode, T> fromJson) {}

    private final Map<Key<?>, Object> values = new ConcurrentHashMap<>();
    private final Set<Key<?>> unsaved = ConcurrentHashMap.newKeySet();

    public <T> void put(Key<T> key, T value) {
        values.put(key, value);
        unsaved.add(key);
    }

    public <T> Optional<T> find(Key<T> key) {
        return Optional.ofNullable(key.type().cast(values.get(key)));
    }

    /** The value an earlier node must have produced; a workflow wired without that node fails clearly. */
    public <T> T require(Key<T> key, String neededBy) {
        return find(key)
                .orElseThrow(() -> new WorkflowException("node '" + neededBy + "' needs '" + key.name()
                        + "', which no earlier node produced (check the workflow's next_nodes)"));
    }

    /** The values put since the last call, as JSON by key name, for a checkpoint. */
    Map<String, JsonNode> takeUnsaved() {
        Map<String, JsonNode> json = new LinkedHashMap<>();
        for (Key<?> key : Set.copyOf(unsaved)) {
            unsaved.remove(key);
            json.put(key.name(), write(key));
        }
        return json;
    }

    /** Puts back a value read from a checkpoint. */
    <T> void restore(Key<T> key, JsonNode json) {
        values.put(key, key.fromJson().apply(json));
    }

    private <T> JsonNode write(Key<T> key) {
        return key.toJson().apply(key.type().cast(values.get(key)));
    }
}
