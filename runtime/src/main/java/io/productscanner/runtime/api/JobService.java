package io.productscanner.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.productscanner.runtime.job.JobHistory;
import io.productscanner.runtime.job.JobIds;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.job.PlatformActivity;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.JobRetries;
import io.productscanner.runtime.queue.PlatformControl;
import io.productscanner.runtime.queue.Queues;
import io.productscanner.runtime.results.JobResults;
import io.productscanner.runtime.results.ResultsCursor;
import io.productscanner.runtime.results.ResultsDirectory;
import io.productscanner.runtime.results.ResultsDownload;
import io.productscanner.runtime.results.ResultsLocator;
import io.productscanner.runtime.results.ResultsPage;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code /api/v2/jobs}: what runs now, one job, and its results. */
final class JobService implements HttpService {
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;
    private static final System.Logger LOG = System.getLogger(JobService.class.getName());
    private static final int DEFAULT_HISTORY_PAGE = 50;
    private static final int MAX_HISTORY_PAGE = 500;
    /** Job ids one {@code POST /dead} may name. */
    private static final int MAX_REQUEUE_IDS = 1000;
    private static final int MAX_WORKFLOW_ID_LENGTH = 200;
    private static final Set<String> REQUEUE_FIELDS = Set.of("job_ids", "all", "platform");

    private final JobStore store;
    private final PlatformActivity activity;
    private final PluginRegistry plugins;
    private final ResultsLocator results;
    private final JobQueue queue;
    private final JobRetries retries;
    private final PlatformControl platformControl;

    /** Reads results files from {@code resultsDirectory} once Redis no longer holds a job's results. */
    JobService(JobStore store, PlatformActivity activity, PluginRegistry plugins, ResultsDirectory resultsDirectory,
               Queues queues) {
        this.queue = queues.jobs();
        this.retries = queues.retries();
        this.platformControl = queues.platforms();
        this.store = store;
        this.activity = activity;
        this.plugins = plugins;
        this.results = new ResultsLocator(store, resultsDirectory);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/running", this::running)
                .get("/", this::history)
                .get("/dead", this::deadLetters)
                .post("/dead", this::requeueDeadLetters)
                .post("/dead/{id}/requeue", this::requeueDeadLetter)
                .post("/platform/{platform}/force-release", this::forceRelease)
                .get("/{id}/results", this::results)
                .get("/{id}", this::job)
                .post("/{id}/cancel", this::cancel);
    }

    /** The seed's monitoring answer: running jobs, non-empty queues, and their counts. */
    private void running(ServerRequest req, ServerResponse res) {
        PlatformActivity.Snapshot snapshot = activity.read(plugins.knownQueues());
        List<Map<String, Object>> running = snapshot.running().stream().map(job -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("platform", job.platform());
            out.put("job_id", job.jobId());
            out.put("workflow_id", job.workflowId());
            out.put("started_at", job.startedAt());
            out.put("elapsed_seconds", job.elapsedSeconds());
            return out;
        }).toList();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("running_count", running.size());
        summary.put("queued_count", snapshot.queued().values().stream().mapToLong(Long::longValue).sum());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("running", running);
        data.put("queued", snapshot.queued());
        data.put("summary", summary);
        ApiResponses.ok(res, 200, data);
    }

    private void job(ServerRequest req, ServerResponse res) {
        JobRecord job = find(req);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", job.jobId());
        out.put("workflow_id", job.workflowId());
        out.put("platform", job.platform());
        out.put("status", job.status().wireName());
        out.put("priority", job.priority());
        out.put("progress", job.progress());
        out.put("current_node", job.currentNode());
        out.put("attempts", job.attempts());
        out.put("params", job.params());
        out.put("metadata", job.metadata());
        out.put("created_at", job.createdAt());
        out.put("started_at", job.startedAt());
        out.put("completed_at", job.completedAt());
        out.put("error", job.error());
        out.put("results_file", job.resultsFile());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("summary", job.summary());
        out.put("result", result);
        ApiResponses.ok(res, 200, out);
    }

    /** A page ({@code offset} or {@code cursor}, and {@code limit}), or every result as JSON Lines or CSV. */
    private void results(ServerRequest req, ServerResponse res) throws IOException {
        String id = jobId(req);
        Optional<ResultsDownload> download = download(req);
        JobResults found = results.locate(id).orElseThrow(() -> jobNotFound(id));
        if (download.isPresent()) {
            res.header(HeaderNames.CONTENT_TYPE, download.get().contentType());
            res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename="
                    + download.get().fileName(found.platform(), id));
            try (OutputStream out = res.outputStream()) {
                download.get().write(found.source(), out);
            }
            return;
        }
        ResultsPage page = ResultsPage.read(found.source(), pageStart(req), nonNegative(req, "limit", DEFAULT_PAGE,
                MAX_PAGE));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("job_id", id);
        data.put("status", found.status() == null ? null : found.status().wireName());
        data.put("total", page.total());
        data.put("offset", page.offset());
        data.put("limit", page.limit());
        data.put("items", page.items());
        data.put("next_cursor", page.nextCursor());
        ApiResponses.ok(res, 200, data);
    }

    /** The requested download; empty for the JSON page ({@code format} absent or {@code json}). */
    private static Optional<ResultsDownload> download(ServerRequest req) {
        String format = req.query().first("format").asOptional().orElse("json");
        if (format.equals("json")) {
            return Optional.empty();
        }
        return Optional.of(ResultsDownload.named(format).orElseThrow(() -> ApiException.badRequest(
                "invalid_format", "format '" + format + "' is not supported (supported: json, jsonl, csv)", "format")));
    }

    private static long pageStart(ServerRequest req) {
        Optional<String> cursor = req.query().first("cursor").asOptional();
        if (cursor.isEmpty()) {
            return nonNegative(req, "offset", 0, Long.MAX_VALUE);
        }
        if (req.query().contains("offset")) {
            throw ApiException.badRequest("invalid_query", "give either cursor or offset, not both", "cursor");
        }
        try {
            return ResultsCursor.decode(cursor.get()).offset();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_cursor", "cursor is not one this API handed out (use "
                    + "next_cursor as it was given)", "cursor");
        }
    }

    /** Cancels a queued job at once; asks a running one to stop at its next product (202 until it has). */
    private void cancel(ServerRequest req, ServerResponse res) {
        String id = jobId(req);
        JobQueue.Cancellation outcome = queue.cancel(id);
        switch (outcome) {
            case NOT_FOUND -> throw jobNotFound(id);
            case ALREADY_FINISHED -> throw new ApiException(409, "job_finished", "job " + id + " has already ended ("
                    + store.find(id).map(j -> j.status().wireName()).orElse("gone") + ")", "id");
            case CANCELLED, CANCELLING -> {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("job_id", id);
                data.put("status", outcome == JobQueue.Cancellation.CANCELLED ? "cancelled" : "cancelling");
                ApiResponses.ok(res, outcome == JobQueue.Cancellation.CANCELLED ? 200 : 202, data);
            }
        }
    }

    private JobRecord find(ServerRequest req) {
        String id = jobId(req);
        return store.find(id).orElseThrow(() -> jobNotFound(id));
    }

    /** The job id of the path, checked and in its stored (lower) case. */
    /** The {@code {id}} path parameter as a job id, lower-cased; 400 naming {@code id} when it is not one. */
    static String jobId(ServerRequest req) {
        String id = req.path().pathParameters().get("id");
        if (!JobIds.looksValid(id)) {
            throw ApiException.badRequest("invalid_job_id", "'" + id + "' is not a job id (a UUID)", "id");
        }
        return id.toLowerCase(java.util.Locale.ROOT);
    }

    private static ApiException jobNotFound(String id) {
        return ApiException.notFound("job_not_found", "no job " + id
                + " (finished jobs are kept for JOB_RETENTION_SECONDS)", "id");
    }

    private static long nonNegative(ServerRequest req, String name, long fallback, long max) {
        var value = req.query().first(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.get());
            if (parsed < 0 || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_query", name + " must be an integer from 0 to " + max, name);
        }
    }

    /** Jobs newest first, filtered by {@code status}, {@code platform} and {@code workflow_id}. */
    private void history(ServerRequest req, ServerResponse res) {
        Optional<JobStatus> status = req.query().first("status").asOptional().map(value -> {
            if (Arrays.stream(JobStatus.values()).noneMatch(s -> s.wireName().equals(value))) {
                throw ApiException.badRequest("invalid_query", "status must be one of pending, running, completed, "
                        + "failed, cancelled", "status");
            }
            return JobStatus.fromWireName(value);
        });
        Optional<String> platform = platformQuery(req);
        Optional<String> workflowId = req.query().first("workflow_id").asOptional().map(value -> {
            if (value.isBlank() || value.length() > MAX_WORKFLOW_ID_LENGTH) {
                throw ApiException.badRequest("invalid_query", "workflow_id must be 1 to " + MAX_WORKFLOW_ID_LENGTH
                        + " characters", "workflow_id");
            }
            return value;
        });
        int limit = (int) nonNegative(req, "limit", DEFAULT_HISTORY_PAGE, MAX_HISTORY_PAGE);
        List<Map<String, Object>> jobs = store.history().newest(new JobHistory.Filter(status, platform, workflowId),
                limit).stream().map(JobService::historyEntry).toList();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("jobs", jobs);
        data.put("count", jobs.size());
        data.put("limit", limit);
        ApiResponses.ok(res, 200, data);
    }

    private static Map<String, Object> historyEntry(JobRecord job) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", job.jobId());
        out.put("workflow_id", job.workflowId());
        out.put("platform", job.platform());
        out.put("status", job.status().wireName());
        out.put("priority", job.priority());
        out.put("progress", job.progress());
        out.put("attempts", job.attempts());
        out.put("created_at", job.createdAt());
        out.put("started_at", job.startedAt());
        out.put("completed_at", job.completedAt());
        out.put("error", job.error());
        return out;
    }

    /** Jobs given up on after their workers died {@code max_attempts} times, most recent first. */
    private void deadLetters(ServerRequest req, ServerResponse res) {
        Optional<String> platform = platformQuery(req);
        int limit = (int) nonNegative(req, "limit", DEFAULT_HISTORY_PAGE, MAX_HISTORY_PAGE);
        List<Map<String, Object>> jobs = limit == 0 ? List.of() : store.deadLetters(
                job -> platform.map(p -> p.equals(job.platform())).orElse(true), limit).stream().map(dead -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("job_id", dead.job().jobId());
                    out.put("workflow_id", dead.job().workflowId());
                    out.put("platform", dead.job().platform());
                    out.put("attempts", dead.job().attempts());
                    out.put("error", dead.job().error());
                    out.put("dead_at", Json.timestamp(dead.deadAt()));
                    return out;
                }).toList();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("jobs", jobs);
        data.put("count", jobs.size());
        ApiResponses.ok(res, 200, data);
    }

    /** Requeues one dead-lettered job: pending again on its queue, attempts reset to 0. */
    private void requeueDeadLetter(ServerRequest req, ServerResponse res) {
        String id = jobId(req);
        switch (retries.requeueDead(id)) {
            case REQUEUED -> {
                LogEvent.info(LOG, "job.requeued_from_dead", "job_id", id);
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("job_id", id);
                data.put("status", JobStatus.PENDING.wireName());
                data.put("platform", store.find(id).map(JobRecord::platform).orElse(null));
                ApiResponses.ok(res, 200, data);
            }
            case GONE -> throw jobNotFound(id);
            case NOT_DEAD -> {
                JobRecord job = store.find(id).orElseThrow(() -> jobNotFound(id));
                throw new ApiException(409, "job_not_dead", "job " + id + " is not dead-lettered (it is "
                        + job.status().wireName() + ")", "id");
            }
        }
    }

    /** Requeues dead-lettered jobs by id ({@code job_ids}) or all of them ({@code all}, optionally one platform). */
    private void requeueDeadLetters(ServerRequest req, ServerResponse res) {
        ObjectNode body = JsonBodies.object(req);
        for (var names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!REQUEUE_FIELDS.contains(name)) {
                throw ApiException.badRequest("unknown_field", "unknown field '" + name
                        + "' (accepted: job_ids, or all with an optional platform)", name);
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
            throw ApiException.badRequest("invalid_field", "give either job_ids or all (with an optional platform), "
                    + "not both", "job_ids");
        }
        JsonNode ids = body.get("job_ids");
        if (!ids.isArray() || ids.isEmpty() || ids.size() > MAX_REQUEUE_IDS) {
            throw ApiException.badRequest("invalid_field", "job_ids must be a list of 1 to " + MAX_REQUEUE_IDS
                    + " job ids", "job_ids");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (JsonNode id : ids) {
            if (!id.isTextual() || !JobIds.looksValid(id.asText())) {
                throw ApiException.badRequest("invalid_field", "job_ids holds " + id + ", which is not a job id "
                        + "(a UUID)", "job_ids");
            }
            unique.add(id.asText().toLowerCase(java.util.Locale.ROOT));
        }
        return List.copyOf(unique);
    }

    private List<String> allDeadIds(ObjectNode body) {
        JsonNode all = body.path("all");
        if (!all.isBoolean() || !all.asBoolean()) {
            throw ApiException.badRequest("missing_field", "give job_ids, or all: true to requeue every dead job",
                    "all");
        }
        JsonNode platform = body.path("platform");
        Optional<String> only = Optional.empty();
        if (!platform.isMissingNode() && !platform.isNull()) {
            if (!platform.isTextual() || !plugins.knownQueues().contains(platform.asText())) {
                throw ApiException.badRequest("invalid_field", "platform must be a known queue (known: "
                        + String.join(", ", plugins.knownQueues()) + ")", "platform");
            }
            only = Optional.of(platform.asText());
        }
        Optional<String> wantedPlatform = only;
        return store.deadLetters(job -> wantedPlatform.map(p -> p.equals(job.platform())).orElse(true),
                Integer.MAX_VALUE).stream().map(dead -> dead.job().jobId()).toList();
    }

    /**
     * Frees a stuck platform: deletes its lock and puts the job it was running back at the head of its queue.
     * The worker that held it discards its outcome when it next renews its lease.
     */
    private void forceRelease(ServerRequest req, ServerResponse res) {
        String platform = req.path().pathParameters().get("platform");
        if (!plugins.knownQueues().contains(platform)) {
            throw ApiException.notFound("platform_not_found", "no platform queue '" + platform + "' (known: "
                    + String.join(", ", plugins.knownQueues()) + ")", "platform");
        }
        PlatformControl.ForcedRelease released = platformControl.forceRelease(platform);
        LogEvent.warn(LOG, "platform.force_released", "platform", platform, "lock_was_held", released.lockWasHeld(),
                "job_id", released.runningJobId().orElse(null), "requeued", released.requeued());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("platform", platform);
        data.put("lock_released", released.lockWasHeld());
        data.put("job_id", released.runningJobId().orElse(null));
        data.put("requeued", released.requeued());
        data.put("released_at", Json.timestamp(Instant.now()));
        ApiResponses.ok(res, 200, data);
    }

    /** The {@code platform} query parameter, when given, checked against the known queues. */
    private Optional<String> platformQuery(ServerRequest req) {
        return req.query().first("platform").asOptional().map(value -> {
            if (!plugins.knownQueues().contains(value)) {
                throw ApiException.badRequest("invalid_query", "platform must be a known queue (known: "
                        + String.join(", ", plugins.knownQueues()) + ")", "platform");
            }
            return value;
        });
    }
}
