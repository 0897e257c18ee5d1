package io.productscanner.runtime.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.schedule.IdlePolicy;
import io.productscanner.runtime.schedule.InvalidSchedule;
import io.productscanner.runtime.schedule.Schedule;
import io.productscanner.runtime.schedule.ScheduleJson;
import io.productscanner.runtime.schedule.ScheduleStore;
import io.productscanner.runtime.schedule.ScheduledEnqueue;
import io.productscanner.runtime.schedule.TooManySchedules;
import io.productscanner.runtime.workflow.SubmissionRejected;
import io.productscanner.runtime.workflow.WorkflowCatalog;
import io.productscanner.runtime.workflow.WorkflowSubmitter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v2/schedules}: recurring workflows, created, replaced, paused, resumed, run at once and deleted;
 * each shown with its next run, last run, last job and that job's current status.
 */
final class ScheduleService implements HttpService {
    private static final System.Logger LOG = System.getLogger(ScheduleService.class.getName());
    /** A caller at the schedule limit frees a place only by deleting one: this only spaces its retries out. */
    private static final Duration SCHEDULE_LIMIT_RETRY_AFTER = Duration.ofSeconds(60);

    private final ScheduleStore schedules;
    private final WorkflowCatalog workflows;
    private final WorkflowSubmitter submitter;
    private final JobStore jobs;
    private final ScheduledEnqueue enqueue;
    private final Clock clock;

    ScheduleService(
            ScheduleStore schedules,
            WorkflowCatalog workflows,
            WorkflowSubmitter submitter,
            JobStore jobs,
            Clock clock) {
        this.schedules = schedules;
        this.workflows = workflows;
        this.submitter = submitter;
        this.jobs = jobs;
        this.enqueue = new ScheduledEnqueue(submitter, schedules);
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/", this::create)
                .get("/{id}", this::show)
                .put("/{id}", this::replace)
                .delete("/{id}", this::delete)
                .post("/{id}/pause", (req, res) -> pause(req, res, true))
                .post("/{id}/resume", (req, res) -> pause(req, res, false))
                .post("/{id}/run-now", this::runNow);
    }

    private void list(ServerRequest req, ServerResponse res) {
        List<Map<String, Object>> all =
                schedules.all().stream().map(this::describe).toList();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("schedules", all);
        data.put("count", all.size());
        ApiResponses.ok(res, 200, data);
    }

    private void create(ServerRequest req, ServerResponse res) {
        ObjectNode body = JsonBodies.object(req);
        if (!body.path("id").isTextual()) {
            throw ApiException.badRequest("invalid_schedule", "id must be a string", "id");
        }
        Schedule.ScheduleDefinition definition = definition(body.get("id").asText(), body);
        boolean created;
        try {
            created = schedules.create(definition);
        } catch (TooManySchedules e) {
            throw ApiException.limited(
                    429, "too_many_schedules", e.getMessage() + "; delete one first", SCHEDULE_LIMIT_RETRY_AFTER);
        }
        if (!created) {
            throw new ApiException(
                    409,
                    "schedule_exists",
                    "a schedule '" + definition.id() + "' exists already; PUT /api/v2/schedules/" + definition.id()
                            + " replaces it",
                    "id");
        }
        LogEvent.info(LOG, "schedule.created", "schedule_id", definition.id(), "workflow_id", definition.workflowId());
        ApiResponses.ok(res, 201, describe(found(definition.id())));
    }

    private void show(ServerRequest req, ServerResponse res) {
        ApiResponses.ok(res, 200, describe(found(id(req))));
    }

    private void replace(ServerRequest req, ServerResponse res) {
        String id = id(req);
        ObjectNode body = JsonBodies.object(req);
        if (body.has("id")
                && !body.get("id").equals(Json.MAPPER.getNodeFactory().textNode(id))) {
            throw ApiException.badRequest(
                    "invalid_schedule", "id in the body must be the id in the path ('" + id + "'), or left out", "id");
        }
        Schedule.ScheduleDefinition definition = definition(id, body);
        if (!schedules.replace(definition)) {
            throw notFound(id);
        }
        LogEvent.info(LOG, "schedule.replaced", "schedule_id", id, "workflow_id", definition.workflowId());
        ApiResponses.ok(res, 200, describe(found(id)));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        String id = id(req);
        if (!schedules.delete(id)) {
            throw notFound(id);
        }
        LogEvent.info(LOG, "schedule.deleted", "schedule_id", id);
        ApiResponses.ok(res, 200, Map.of("id", id, "deleted", true));
    }

    private void pause(ServerRequest req, ServerResponse res, boolean paused) {
        String id = id(req);
        if (!schedules.setPaused(id, paused)) {
            throw notFound(id);
        }
        LogEvent.info(LOG, paused ? "schedule.paused" : "schedule.resumed", "schedule_id", id);
        ApiResponses.ok(res, 200, describe(found(id)));
    }

    /** Queues a run now, outside the schedule's slots; its key is unique to this request's instant. */
    private void runNow(ServerRequest req, ServerResponse res) {
        Schedule schedule = found(id(req));
        Instant now = clock.instant();
        ScheduledEnqueue.Run run = enqueue.enqueue(
                schedule,
                Json.MAPPER.createObjectNode(),
                "schedule:" + schedule.id() + ":run-now:" + now.toEpochMilli(),
                now,
                Map.of());
        if (run.outcome().equals(ScheduledEnqueue.Run.QUEUE_FULL)) {
            throw ApiException.queueFull(run.detail());
        }
        if (run.outcome().equals(ScheduledEnqueue.Run.REJECTED)) {
            throw ApiException.badRequest("invalid_params", run.detail(), "params");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("job_id", run.jobId().orElse(null));
        data.put("schedule", describe(found(schedule.id())));
        ApiResponses.ok(res, 202, data);
    }

    private Schedule.ScheduleDefinition definition(String id, ObjectNode body) {
        Schedule.ScheduleDefinition definition;
        try {
            definition = ScheduleJson.read(
                    id, body, workflowId -> workflows.find(workflowId).isPresent());
        } catch (InvalidSchedule e) {
            throw ApiException.badRequest(e.code(), e.getMessage(), e.field());
        }
        checkRunParams(definition);
        return definition;
    }

    /**
     * Each run's params (the schedule's, with each when-idle param set over them) pass the checks a submit makes,
     * so a schedule never stores params that every run would be refused, such as a catalog file outside the
     * catalog directory.
     */
    private void checkRunParams(Schedule.ScheduleDefinition definition) {
        List<IdlePolicy.WeightedParams> sets =
                definition.whenIdle().map(IdlePolicy::paramSets).orElse(List.of());
        if (sets.isEmpty()) {
            checkParams(definition.workflowId(), definition.params(), null, -1);
        }
        for (int i = 0; i < sets.size(); i++) {
            ObjectNode params = definition.params().deepCopy();
            params.setAll(sets.get(i).params());
            checkParams(definition.workflowId(), params, sets.get(i).params(), i);
        }
    }

    /** @param set the when-idle param set merged into {@code params}, or null */
    private void checkParams(String workflowId, ObjectNode params, ObjectNode set, int setIndex) {
        try {
            submitter.check(workflowId, params);
        } catch (SubmissionRejected e) {
            String field = e.field() == null ? "params" : e.field();
            String message = e.getMessage();
            // a problem with a param the set gives is named where the body has it
            String path = field.startsWith("params.") ? field.substring("params.".length()) : "";
            String param = path.split("[.\\[]", 2)[0];
            if (set != null && !param.isEmpty() && set.has(param)) {
                String inSet = "when_idle.param_sets[" + setIndex + "]." + path;
                message = message.startsWith(field) ? inSet + message.substring(field.length()) : message;
                field = inSet;
            }
            throw ApiException.badRequest("invalid_params", message, field);
        }
    }

    private Map<String, Object> describe(Schedule schedule) {
        Map<String, Object> out = new LinkedHashMap<>(ScheduleJson.write(schedule.definition()));
        out.put("paused", schedule.paused());
        out.put("next_run", schedule.nextRun().map(Json::timestamp).orElse(null));
        out.put("last_run", schedule.lastRun().map(Json::timestamp).orElse(null));
        out.put("last_job_id", schedule.lastJobId().orElse(null));
        // the job's status now, which may be newer than what the scheduler last copied onto the schedule
        Optional<String> outcome = schedule.lastJobId()
                .flatMap(jobs::find)
                .map(JobRecord::status)
                .map(status -> status.wireName())
                .or(schedule::lastOutcome);
        out.put("last_outcome", outcome.orElse(null));
        out.put("last_success_at", schedule.lastSuccessAt().map(Json::timestamp).orElse(null));
        return out;
    }

    private Schedule found(String id) {
        return schedules.find(id).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("schedule_not_found", "no schedule '" + id + "'", "id");
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }
}
