package io.productscanner.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.productscanner.runtime.job.JobCursor;
import io.productscanner.runtime.job.JobIds;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.queue.JobRetries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/v2/jobs/dead}: jobs given up on after {@code MAX_ATTEMPTS} runs, and putting them back in their
 * queue. Registered before {@link JobService}, whose {@code /{id}} would otherwise take {@code /dead}.
 */
final class DeadLetterService implements HttpService {
    private static final System.Logger LOG = System.getLogger(DeadLetterService.class.getName());
    /** Job ids one {@code POST /dead} may name. */
    private static final int MAX_REQUEUE_IDS = 1000;

    private static final Set<String> REQUEUE_FIELDS = Set.of("job_ids", "all", "platform");

    private final JobStore store;
    private final PluginRegistry plugins;
    private final JobRetries retries;

    DeadLetterService(JobStore store, PluginRegistry plugins, JobRetries retries) {
        this.store = store;
        this.plugins = plugins;
        this.retries = retries;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/dead", this::list).post("/dead", this::requeueMany).post("/dead/{id}/requeue", this::requeueOne);
    }

    /** Dead-lettered jobs, most recent first, optionally of one platform, a page at a time. */
    private void list(ServerRequest req, ServerResponse res) {
        Optional<String> platform = JobRequests.platformQuery(req, plugins);
        Optional<JobCursor> cursor = JobRequests.listCursor(req);
        int limit = JobRequests.listLimit(req);
        JobStore.DeadPage page = store.deadLetters(platform, cursor, limit);
        List<Map<String, Object>> jobs = page.jobs().stream()
                .map(dead -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("job_id", dead.job().jobId());
                    out.put("workflow_id", dead.job().workflowId());
                    out.put("platform", dead.job().platform());
                    out.put("attempts", dead.job().attempts());
                    out.put("error", dead.job().error());
                    out.put("dead_at", Json.timestamp(dead.deadAt()));
                    return out;
                })
                .toList();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("jobs", jobs);
        data.put("count", jobs.size());
        data.put("total", page.total());
        data.put("next_cursor", page.next().map(JobCursor::encode).orElse(null));
        ApiResponses.ok(res, 200, data);
    }

    /** Requeues one dead-lettered job: pending again on its queue, attempts reset to 0. */
    private void requeueOne(ServerRequest req, ServerResponse res) {
        String id = JobRequests.jobId(req);
        switch (retries.requeueDead(id)) {
            case REQUEUED -> {
                LogEvent.info(LOG, "job.requeued_from_dead", "job_id", id);
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("job_id", id);
                data.put("status", JobStatus.PENDING.wireName());
                data.put("platform", store.find(id).map(JobRecord::platform).orElse(null));
                ApiResponses.ok(res, 200, data);
            }
            case GONE -> throw JobRequests.jobNotFound(id);
            case NOT_DEAD -> {
                JobRecord job = store.find(id).orElseThrow(() -> JobRequests.jobNotFound(id));
                throw new ApiException(
                        409,
                        "job_not_dead",
                        "job " + id + " is not dead-lettered (it is "
                                + job.status().wireName() + ")",
                        "id");
            }
        }
    }

    /** Requeues dead-lettered jobs by id ({@code job_ids}) or all of them ({@code all}, optionally one platform). */
    private void requeueMany(ServerRequest req, ServerResponse res) {
        ObjectNode body = JsonBodies.object(req);
        for (var names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!REQUEUE_FIELDS.contains(name)) {
                throw ApiException.badRequest(
                        "unknown_field",
                        "unknown field '" + name + "' (accepted: job_ids, or all with an optional platform)",
                        name);
            }
        }
        List<String> ids = body.has("job_ids") ? requestedIds(body) : allDeadIds(body);
        List<String> requeued = new ArrayList<>();
        List<String> notDead = new ArrayList<>();
        for (String id : ids) {
            if (retries.requeueDead(id) == JobRetries.Requeue.REQUEUED) {
                requeued.add(id);
            } else {
                notDead.add(id);
            }
        }
        LogEvent.info(LOG, "jobs.requeued_from_dead", "requeued", requeued.size(), "skipped", notDead.size());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("requeued", requeued);
        data.put("not_dead", notDead);
        data.put("requeued_count", requeued.size());
        ApiResponses.ok(res, 200, data);
    }

    private static List<String> requestedIds(ObjectNode body) {
        if (body.has("all") || body.has("platform")) {
            throw ApiException.badRequest(
                    "invalid_field", "give either job_ids or all (with an optional platform), not both", "job_ids");
        }
        JsonNode ids = body.get("job_ids");
        if (!ids.isArray() || ids.isEmpty() || ids.size() > MAX_REQUEUE_IDS) {
            throw ApiException.badRequest(
                    "invalid_field", "job_ids must be a list of 1 to " + MAX_REQUEUE_IDS + " job ids", "job_ids");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (JsonNode id : ids) {
            if (!id.isTextual() || !JobIds.looksValid(id.asText())) {
                throw ApiException.badRequest(
                        "invalid_field", "job_ids holds " + id + ", which is not a job id (a UUID)", "job_ids");
            }
            unique.add(id.asText().toLowerCase(Locale.ROOT));
        }
        return List.copyOf(unique);
    }

    private List<String> allDeadIds(ObjectNode body) {
        JsonNode all = body.path("all");
        if (!all.isBoolean() || !all.asBoolean()) {
            throw ApiException.badRequest(
                    "missing_field", "give job_ids, or all: true to requeue every dead job", "all");
        }
        JsonNode platform = body.path("platform");
        Optional<String> only = Optional.empty();
        if (!platform.isMissingNode() && !platform.isNull()) {
            if (!platform.isTextual() || !plugins.knownQueues().contains(platform.asText())) {
                throw ApiException.badRequest(
                        "invalid_field",
                        "platform must be a known queue (known: " + String.join(", ", plugins.knownQueues()) + ")",
                        "platform");
            }
            only = Optional.of(platform.asText());
        }
        Optional<String> wantedPlatform = only;
        return store
                .deadLetters(
                        job -> wantedPlatform.map(p -> p.equals(job.platform())).orElse(true), Integer.MAX_VALUE)
                .stream()
                .map(dead -> dead.job().jobId())
                .toList();
    }
}
