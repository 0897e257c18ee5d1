package io.productscanner.runtime.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Run when the workflow's platform has nothing queued or running, at least {@code minAfterSuccess} after the last
 * success, with the next param set of a weighted rotation (weights 4 and 1: four runs of the first, one of the
 * second).
 */
public record IdlePolicy(Duration minAfterSuccess, List<WeightedParams> paramSets) {
    /** Params merged over the schedule's own, used {@code weight} times in a row per rotation. */
    public record WeightedParams(ObjectNode params, int weight) {}

    public IdlePolicy {
        paramSets = List.copyOf(paramSets);
    }

    /** The params for run number {@code run} (0-based) of the rotation; empty when there are no param sets. */
    public ObjectNode paramsForRun(long run) {
        List<ObjectNode> rotation = new ArrayList<>();
        for (WeightedParams set : paramSets) {
            for (int i = 0; i < set.weight(); i++) {
                rotation.add(set.params());
            }
        }
        if (rotation.isEmpty()) {
            return Json.MAPPER.createObjectNode();
        }
        return rotation.get((int) Math.floorMod(run, (long) rotation.size()));
    }
}
