package io.productscanner.runtime.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.redis.RedisKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Where a running job is, kept in Redis so a job taken over after its worker died resumes instead of starting
 * over: the nodes that finished (with the next nodes they chose and the data they produced) and, inside a
 * node, the items already done. Removed when the job finishes.
 */
public final class JobCheckpoint {
    private static final String NODE = "node:";
    private static final String DATA = "data:";

    private final RedisCommands<String, String> redis;
    private final RedisAsyncCommands<String, String> async;
    private final String key;
    private final String itemsKey;

    private JobCheckpoint(
            RedisCommands<String, String> redis,
            RedisAsyncCommands<String, String> async,
            RedisKeys keys,
            String jobId) {
        this.redis = redis;
        this.async = async;
        this.key = keys.checkpoint(jobId);
        this.itemsKey = keys.checkpointItems(jobId);
    }

    public static JobCheckpoint open(
            RedisCommands<String, String> redis,
            RedisAsyncCommands<String, String> async,
            RedisKeys keys,
            String jobId) {
        return new JobCheckpoint(redis, async, keys, jobId);
    }

    /** What an earlier attempt of the job left. */
    public record Restored(Map<String, List<String>> finishedNodes, Map<String, JsonNode> data) {
        public boolean isEmpty() {
            return finishedNodes.isEmpty();
        }
    }

    public Restored restore() {
        Map<String, List<String>> finished = new LinkedHashMap<>();
        Map<String, JsonNode> data = new HashMap<>();
        redis.hgetall(key).forEach((field, value) -> {
            if (field.startsWith(NODE)) {
                List<String> chosen = new ArrayList<>();
                Json.read(value).forEach(n -> chosen.add(n.asText()));
                finished.put(field.substring(NODE.length()), chosen);
            } else if (field.startsWith(DATA)) {
                data.put(field.substring(DATA.length()), Json.read(value));
            }
        });
        return new Restored(finished, data);
    }

    /** Records a finished node and the data it produced, in one write. */
    public void nodeFinished(String nodeId, List<String> chosenNext, Map<String, JsonNode> data) {
        Map<String, String> fields = new LinkedHashMap<>();
        data.forEach((name, json) -> fields.put(DATA + name, Json.write(json)));
        fields.put(NODE + nodeId, Json.write(chosenNext));
        redis.hset(key, fields);
    }

    /**
     * Records one finished item of a node (a scanned product) without waiting for Redis; the caller may wait
     * on the returned stage (a batch at a time). An item whose write is lost is simply done again on resume.
     */
    public CompletionStage<Boolean> itemDone(String nodeId, int index, JsonNode result) {
        return async.hset(itemsKey, nodeId + ":" + index, Json.write(result));
    }

    /** The items of a node an earlier attempt finished, by index. */
    public Map<Integer, JsonNode> itemsDone(String nodeId) {
        Map<Integer, JsonNode> items = new HashMap<>();
        String prefix = nodeId + ":";
        redis.hgetall(itemsKey).forEach((field, value) -> {
            if (field.startsWith(prefix)) {
                items.put(Integer.parseInt(field.substring(prefix.length())), Json.read(value));
            }
        });
        return items;
    }
}
