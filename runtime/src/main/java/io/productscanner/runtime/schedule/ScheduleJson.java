package io.productscanner.runtime.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.queue.NewJob;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Reads a schedule definition from its JSON form (API bodies and the stored hash), and writes it back. */
public final class ScheduleJson {
    /** Cron schedules run in this zone unless told otherwise; it has no DST. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Seoul");
    /** The longest wait after a success a when-idle schedule may ask for: 366 days. */
    public static final long MAX_MINUTES_AFTER_SUCCESS = 366L * 24 * 60;

    private static final List<String> FIELDS =
            List.of("id", "workflow_id", "params", "priority", "cron", "time_zone", "when_idle", "catch_up");
    private static final List<String> WHEN_IDLE_FIELDS = List.of("min_minutes_after_success", "param_sets");

    private ScheduleJson() {}

    /**
     * @param knownWorkflow whether a workflow id exists
     * @throws InvalidSchedule naming the first field at fault
     */
    public static Schedule.ScheduleDefinition read(String id, JsonNode body, Predicate<String> knownWorkflow) {
        if (id == null || !id.matches("[A-Za-z0-9_.-]{1,100}")) {
            throw new InvalidSchedule("id", "id must be 1-100 letters, digits, '_', '.' or '-'");
        }
        refuseUnknownFields(body, FIELDS, "");
        JsonNode workflowNode = body.path("workflow_id");
        if (!workflowNode.isTextual() || !knownWorkflow.test(workflowNode.asText())) {
            throw new InvalidSchedule(
                    "workflow_id",
                    "workflow_id must name a known workflow, not "
                            + (workflowNode.isMissingNode() ? "nothing" : workflowNode.toString()));
        }
        JsonNode paramsNode = body.path("params");
        if (!paramsNode.isMissingNode() && !paramsNode.isNull() && !paramsNode.isObject()) {
            throw new InvalidSchedule("params", "params must be an object");
        }
        ObjectNode params = paramsNode.isObject() ? (ObjectNode) paramsNode.deepCopy() : Json.MAPPER.createObjectNode();
        JsonNode priorityNode = body.path("priority");
        if (!priorityNode.isMissingNode()
                && !priorityNode.isNull()
                && !Json.isIntegerIn(priorityNode, NewJob.MIN_PRIORITY, NewJob.MAX_PRIORITY)) {
            // as a job's: every run of the schedule queues a job with it
            throw new InvalidSchedule(
                    "priority",
                    "priority must be an integer from " + NewJob.MIN_PRIORITY + " to " + NewJob.MAX_PRIORITY
                            + " (higher runs first)");
        }
        int priority = priorityNode.asInt(0);
        boolean hasCron = body.hasNonNull("cron");
        boolean hasIdle = body.hasNonNull("when_idle");
        if (hasCron == hasIdle) {
            throw new InvalidSchedule("cron", "give exactly one of cron and when_idle");
        }
        Optional<CronExpression> cron = Optional.empty();
        if (hasCron) {
            if (!body.get("cron").isTextual()) {
                throw new InvalidSchedule("cron", "cron must be a string");
            }
            try {
                cron = Optional.of(CronExpression.parse(body.get("cron").asText()));
            } catch (IllegalArgumentException e) {
                throw new InvalidSchedule("cron", "cron: " + e.getMessage());
            }
        }
        ZoneId zone = DEFAULT_ZONE;
        if (body.hasNonNull("time_zone")) {
            if (!body.get("time_zone").isTextual()) {
                throw new InvalidSchedule("time_zone", "time_zone must be a string, e.g. Asia/Seoul");
            }
            try {
                zone = ZoneId.of(body.get("time_zone").asText());
            } catch (DateTimeException e) {
                throw new InvalidSchedule(
                        "time_zone", "time_zone '" + body.get("time_zone").asText() + "' is not a known zone");
            }
        }
        Optional<IdlePolicy> idle = hasIdle ? Optional.of(idlePolicy(body.get("when_idle"))) : Optional.empty();
        CatchUp catchUp = CatchUp.SKIP;
        if (body.hasNonNull("catch_up")) {
            if (!body.get("catch_up").isTextual()) {
                throw new InvalidSchedule("catch_up", "catch_up must be a string (skip or run_once)");
            }
            try {
                catchUp = CatchUp.fromWireName(body.get("catch_up").asText());
            } catch (IllegalArgumentException e) {
                throw new InvalidSchedule("catch_up", e.getMessage());
            }
        }
        return new Schedule.ScheduleDefinition(id, workflowNode.asText(), params, priority, cron, zone, idle, catchUp);
    }

    private static IdlePolicy idlePolicy(JsonNode node) {
        if (!node.isObject()) {
            throw new InvalidSchedule("when_idle", "when_idle must be an object");
        }
        refuseUnknownFields(node, WHEN_IDLE_FIELDS, "when_idle.");
        JsonNode minutes = node.path("min_minutes_after_success");
        if (!minutes.isMissingNode() && !Json.isIntegerIn(minutes, 0, MAX_MINUTES_AFTER_SUCCESS)) {
            throw new InvalidSchedule(
                    "when_idle.min_minutes_after_success",
                    "must be a whole number of minutes from 0 to " + MAX_MINUTES_AFTER_SUCCESS + " (366 days)");
        }
        List<IdlePolicy.WeightedParams> sets = new ArrayList<>();
        JsonNode paramSets = node.path("param_sets");
        if (!paramSets.isMissingNode() && !paramSets.isArray()) {
            throw new InvalidSchedule("when_idle.param_sets", "param_sets must be a list of objects");
        }
        for (int i = 0; i < paramSets.size(); i++) {
            JsonNode set = paramSets.get(i);
            String field = "when_idle.param_sets[" + i + "]";
            if (!set.isObject()) {
                throw new InvalidSchedule(field, field + " must be an object");
            }
            JsonNode weight = set.path("weight");
            if (!weight.isMissingNode() && !Json.isIntegerIn(weight, 1, 100)) {
                throw new InvalidSchedule(field + ".weight", "weight must be an integer from 1 to 100");
            }
            ObjectNode params = set.deepCopy();
            params.remove("weight");
            sets.add(new IdlePolicy.WeightedParams(params, weight.asInt(1)));
        }
        return new IdlePolicy(Duration.ofMinutes(minutes.asLong(0)), sets);
    }

    private static void refuseUnknownFields(JsonNode object, List<String> accepted, String path) {
        for (var names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!accepted.contains(name)) {
                throw InvalidSchedule.unknownField(path + name, String.join(", ", accepted));
            }
        }
    }

    /** The definition as the API shows it and {@link #read} reads it. */
    public static Map<String, Object> write(Schedule.ScheduleDefinition definition) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", definition.id());
        out.put("workflow_id", definition.workflowId());
        out.put("params", definition.params());
        out.put("priority", definition.priority());
        definition.cron().ifPresent(cron -> out.put("cron", cron.toString()));
        out.put("time_zone", definition.timeZone().getId());
        definition.whenIdle().ifPresent(idle -> {
            Map<String, Object> policy = new LinkedHashMap<>();
            policy.put("min_minutes_after_success", idle.minAfterSuccess().toMinutes());
            policy.put(
                    "param_sets",
                    idle.paramSets().stream()
                            .map(set -> {
                                ObjectNode withWeight = set.params().deepCopy();
                                withWeight.put("weight", set.weight());
                                return withWeight;
                            })
                            .toList());
            out.put("when_idle", policy);
        });
        out.put("catch_up", definition.catchUp().wireName());
        return out;
    }
}
