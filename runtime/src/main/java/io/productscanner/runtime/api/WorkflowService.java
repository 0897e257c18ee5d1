package io.productscanner.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.queue.IdempotencyKey;
import io.productscanner.runtime.queue.NewJob;
import io.productscanner.runtime.workflow.SubmissionRejected;
import io.productscanner.runtime.workflow.WorkflowCatalog;
import io.productscanner.runtime.workflow.WorkflowDefinition;
import io.productscanner.runtime.workflow.WorkflowParams;
import io.productscanner.runtime.workflow.WorkflowSubmitter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /api/v2/workflows}: list workflows, and run one. */
final class WorkflowService implements HttpService {
    private static final Set<String> EXECUTE_FIELDS =
            Set.of("workflow_id", "platform", "priority", "params", "metadata", "idempotency_key");
    private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

    private final WorkflowCatalog catalog;
    private final WorkflowSubmitter submitter;

    WorkflowService(WorkflowCatalog catalog, WorkflowSubmitter submitter) {
        this.catalog = catalog;
        this.submitter = submitter;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list).post("/execute", this::execute);
    }

    private void list(ServerRequest req, ServerResponse res) {
        List<Map<String, Object>> workflows =
                catalog.all().stream().map(WorkflowService::describe).toList();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("workflows", workflows);
        data.put("invalid", catalog.problems());
        ApiResponses.ok(res, 200, data);
    }

    private static Map<String, Object> describe(WorkflowDefinition workflow) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workflow_id", workflow.workflowId());
        out.put("name", workflow.name());
        out.put("version", workflow.version());
        out.put("platform", workflow.platform().orElse(null));
        out.put("description", workflow.description());
        out.put("defaults", workflow.defaults());
        out.put(
                "nodes",
                workflow.order().stream()
                        .map(id -> Map.of(
                                "id",
                                id,
                                "type",
                                workflow.nodes().get(id).type(),
                                "next",
                                workflow.nodes().get(id).nextNodes()))
                        .toList());
        out.put(
                "params",
                WorkflowParams.of(workflow).stream()
                        .map(WorkflowService::describe)
                        .toList());
        return out;
    }

    private static Map<String, Object> describe(WorkflowParams.Param param) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", param.name());
        out.put("required", param.required());
        out.put("default", param.defaultValue());
        out.put("description", param.description());
        return out;
    }

    private void execute(ServerRequest req, ServerResponse res) {
        ObjectNode body = JsonBodies.object(req);
        for (var names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!EXECUTE_FIELDS.contains(name)) {
                throw ApiException.badRequest(
                        "unknown_field",
                        "unknown field '" + name
                                + "' (accepted: workflow_id, platform, priority, params, metadata, idempotency_key)",
                        name);
            }
        }
        JsonNode workflowId = body.path("workflow_id");
        if (workflowId.isMissingNode() || workflowId.isNull()) {
            throw ApiException.badRequest("missing_field", "workflow_id is required", "workflow_id");
        }
        if (!workflowId.isTextual() || workflowId.asText().isBlank()) {
            throw ApiException.badRequest("invalid_field", "workflow_id must be a non-empty string", "workflow_id");
        }
        String platform = platform(body.path("platform"));
        int priority = priority(body.path("priority"));
        ObjectNode params = optionalObject(body, "params");
        ObjectNode metadata = optionalObject(body, "metadata");
        IdempotencyKey idempotencyKey = idempotencyKey(body.path("idempotency_key"));
        try {
            WorkflowSubmitter.Accepted job =
                    submitter.submit(workflowId.asText(), platform, priority, params, metadata, idempotencyKey);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("job_id", job.jobId());
            data.put("workflow_id", job.workflowId());
            data.put("platform", job.platform());
            data.put("status", job.status().wireName());
            if (job.duplicate()) {
                // the first job under this key: nothing new was queued, so 200 rather than 202
                data.put("duplicate", true);
                ApiResponses.ok(res, 200, data);
                return;
            }
            ApiResponses.ok(res, 202, data);
        } catch (SubmissionRejected e) {
            if (e.reason() == SubmissionRejected.Reason.QUEUE_FULL) {
                throw ApiException.queueFull(e.getMessage());
            }
            int status = e.reason() == SubmissionRejected.Reason.UNKNOWN_WORKFLOW ? 404 : 400;
            throw new ApiException(status, e.code(), e.getMessage(), e.field());
        }
    }

    /** The platform the caller expects the job on (the original service's clients send it), or null. */
    private static String platform(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest(
                    "invalid_field", "platform must be a string, the workflow's platform", "platform");
        }
        return value.asText();
    }

    private static int priority(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return 0;
        }
        if (!Json.isIntegerIn(value, NewJob.MIN_PRIORITY, NewJob.MAX_PRIORITY)) {
            throw ApiException.badRequest(
                    "invalid_field",
                    "priority must be an integer from " + NewJob.MIN_PRIORITY + " to " + NewJob.MAX_PRIORITY
                            + " (higher runs first)",
                    "priority");
        }
        return value.asInt();
    }

    private static ObjectNode optionalObject(ObjectNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return Json.MAPPER.createObjectNode();
        }
        if (!value.isObject()) {
            throw ApiException.badRequest("invalid_field", field + " must be a JSON object", field);
        }
        return (ObjectNode) value;
    }

    /** The client's idempotency key, or null when it sent none. */
    private static IdempotencyKey idempotencyKey(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()
                || value.asText().isEmpty()
                || value.asText().length() > MAX_IDEMPOTENCY_KEY_LENGTH
                || value.asText().chars().anyMatch(Character::isISOControl)) {
            // the key is kept with the job and may reach a log line: no control character forges one
            throw ApiException.badRequest(
                    "invalid_field",
                    "idempotency_key must be a string of 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH
                            + " characters, none of them a control character",
                    "idempotency_key");
        }
        return IdempotencyKey.fromApiCaller(value.asText());
    }
}
