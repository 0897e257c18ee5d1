package io.productscanner.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.productscanner.runtime.job.JobCursor;
import io.productscanner.runtime.job.JobHistory;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.job.PlatformActivity;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.results.JobResults;
import io.productscanner.runtime.results.ResultsCursor;
import io.productscanner.runtime.results.ResultsDirectory;
import io.productscanner.runtime.results.ResultsDownload;
import io.productscanner.runtime.results.ResultsLocator;
import io.productscanner.runtime.results.ResultsPage;
import io.productscanner.runtime.workflow.WorkflowCatalog;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v2/jobs}: what runs now, the jobs there were, one job, its results, and cancelling it. Dead letters
 * ({@link DeadLetterService}) and freeing a platform ({@link PlatformAdminService}) share the path.
 */
final class JobService implements HttpService {
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;
    private static final int MAX_WORKFLOW_ID_LENGTH = 200;

    private final JobStore store;
    private final PlatformActivity activity;
    private final PluginRegistry plugins;
    private final ResultsLocator results;
    private final JobQueue queue;
    private final WorkflowCatalog workflows;

    /** Reads results files from {@code resultsDirectory} once Redis no longer holds a job's results. */
    JobService(
            JobStore store,
            PlatformActivity activity,
            PluginRegistry plugins,
            ResultsDirectory resultsDirectory,
            JobQueue queue,
            WorkflowCatalog workflows) {
        this.queue = queue;
        this.workflows = workflows;
        this.store = store;
        this.activity = activity;
        this.plugins = plugins;
        this.results = new ResultsLocator(store, resultsDirectory);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/running", this::running)
                .get("/", this::history)
                .get("/{id}/results", this::results)
                .get("/{id}", this::job)
                .post("/{id}/cancel", this::cancel);
    }

    /** The seed's monitoring answer: running jobs, non-empty queues, and their counts. */
    private void running(ServerRequest req, ServerResponse res) {
        PlatformActivity.Snapshot snapshot = activity.read(plugins.knownQueues());
        List<Map<String, Object>> running = snapshot.running().stream()
                .map(job -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("platform", job.platform());
                    out.put("job_id", job.jobId());
                    out.put("workflow_id", job.workflowId());
                    out.put("started_at", job.startedAt());
                    out.put("elapsed_seconds", job.elapsedSeconds());
                    return out;
                })
                .toList();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("running_count", running.size());
        summary.put(
                "queued_count",
                snapshot.queued().values().stream().mapToLong(Long::longValue).sum());
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
        out.put("worker", job.worker());
        out.put("nodes", nodes(job));
        out.put("results_file", job.resultsFile());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("summary", job.summary());
        out.put("result", result);
        ApiResponses.ok(res, 200, out);
    }

    /**
     * Every node of the job's workflow with its state: as the workflow engine recorded it, and pending for a node
     * it has not reached (every node of a job that has not started). A workflow no longer loaded lists what was
     * recorded.
     */
    private ObjectNode nodes(JobRecord job) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        JsonNode recorded = job.nodes() == null ? Json.MAPPER.createObjectNode() : job.nodes();
        workflows.find(job.workflowId()).ifPresent(workflow -> {
            for (String id : workflow.order()) {
                out.set(id, recorded.has(id) ? recorded.get(id) : pendingNode());
            }
        });
        recorded.properties().forEach(entry -> {
            if (!out.has(entry.getKey())) {
                out.set(entry.getKey(), entry.getValue());
            }
        });
        return out;
    }

    private static ObjectNode pendingNode() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("status", "pending");
        node.putNull("started_at");
        node.putNull("completed_at");
        node.put("progress", 0.0);
        return node;
    }

    /** A page ({@code offset} or {@code cursor}, and {@code limit}), or every result as JSON Lines or CSV. */
    private void results(ServerRequest req, ServerResponse res) throws IOException {
        String id = JobRequests.jobId(req);
        Optional<ResultsDownload> download = download(req);
        JobResults found = results.locate(id).orElseThrow(() -> JobRequests.jobNotFound(id));
        if (download.isPresent()) {
            res.header(HeaderNames.CONTENT_TYPE, download.get().contentType());
            res.header(
                    HeaderNames.CONTENT_DISPOSITION,
                    "attachment; filename=" + download.get().fileName(found.platform(), id));
            try (OutputStream out = res.outputStream()) {
                download.get().write(found.source(), out);
            }
            return;
        }
        ResultsPage page = ResultsPage.read(
                found.source(), pageStart(req), JobRequests.nonNegative(req, "limit", DEFAULT_PAGE, MAX_PAGE));
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
        return Optional.of(ResultsDownload.named(format)
                .orElseThrow(() -> ApiException.badRequest(
                        "invalid_format",
                        "format '" + format + "' is not supported (supported: json, jsonl, csv)",
                        "format")));
    }

    private static long pageStart(ServerRequest req) {
        Optional<String> cursor = req.query().first("cursor").asOptional();
        if (cursor.isEmpty()) {
            return JobRequests.nonNegative(req, "offset", 0, Long.MAX_VALUE);
        }
        if (req.query().contains("offset")) {
            throw ApiException.badRequest("invalid_query", "give either cursor or offset, not both", "cursor");
        }
        try {
            return ResultsCursor.decode(cursor.get()).offset();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(
                    "invalid_cursor",
                    "cursor is not one this API handed out (use next_cursor as it was given)",
                    "cursor");
        }
    }

    /** Cancels a queued job at once; asks a running one to stop at its next product (202 until it has). */
    private void cancel(ServerRequest req, ServerResponse res) {
        String id = JobRequests.jobId(req);
        JobQueue.Cancellation outcome = queue.cancel(id);
        switch (outcome) {
            case NOT_FOUND -> throw JobRequests.jobNotFound(id);
            case ALREADY_FINISHED ->
                throw new ApiException(
                        409,
                        "job_finished",
                        "job " + id + " has already ended ("
                                + store.find(id).map(j -> j.status().wireName()).orElse("gone") + ")",
                        "id");
            case CANCELLED, CANCELLING -> {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("job_id", id);
                data.put("status", outcome == JobQueue.Cancellation.CANCELLED ? "cancelled" : "cancelling");
                ApiResponses.ok(res, outcome == JobQueue.Cancellation.CANCELLED ? 200 : 202, data);
            }
        }
    }

    private JobRecord find(ServerRequest req) {
        String id = JobRequests.jobId(req);
        return store.find(id).orElseThrow(() -> JobRequests.jobNotFound(id));
    }

    /**
     * Jobs newest first, filtered by {@code status}, {@code platform}, {@code workflow_id} and creation time
     * ({@code since} inclusive, {@code until} exclusive), a page at a time ({@code cursor} from the last page).
     */
    private void history(ServerRequest req, ServerResponse res) {
        Optional<JobStatus> status = req.query().first("status").asOptional().map(value -> {
            if (Arrays.stream(JobStatus.values()).noneMatch(s -> s.wireName().equals(value))) {
                throw ApiException.badRequest(
                        "invalid_query",
                        "status must be one of pending, running, completed, failed, cancelled",
                        "status");
            }
            return JobStatus.fromWireName(value);
        });
        Optional<String> platform = JobRequests.platformQuery(req, plugins);
        Optional<String> workflowId = req.query()
                .first("workflow_id")
                .asOptional()
                .map(value -> {
                    if (value.isBlank() || value.length() > MAX_WORKFLOW_ID_LENGTH) {
                        throw ApiException.badRequest(
                                "invalid_query",
                                "workflow_id must be 1 to " + MAX_WORKFLOW_ID_LENGTH + " characters",
                                "workflow_id");
                    }
                    return value;
                });
        Optional<Instant> since = JobRequests.instantQuery(req, "since");
        Optional<Instant> until = JobRequests.instantQuery(req, "until");
        if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
            throw ApiException.badRequest("invalid_query", "until must be later than since", "until");
        }
        Optional<JobCursor> cursor = JobRequests.listCursor(req);
        int limit = JobRequests.listLimit(req);
        JobHistory.Page page = store.history()
                .page(
                        new JobHistory.Filter(status, platform, workflowId),
                        new JobHistory.Window(since, until),
                        cursor,
                        limit);
        List<Map<String, Object>> jobs =
                page.jobs().stream().map(JobService::historyEntry).toList();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("jobs", jobs);
        data.put("count", jobs.size());
        data.put("limit", limit);
        data.put("total", page.total());
        data.put("next_cursor", page.next().map(JobCursor::encode).orElse(null));
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
        out.put("current_node", job.currentNode());
        out.put("attempts", job.attempts());
        out.put("created_at", job.createdAt());
        out.put("started_at", job.startedAt());
        out.put("completed_at", job.completedAt());
        out.put("error", job.error());
        out.put("worker", job.worker());
        out.put("summary", job.summary());
        return out;
    }
}
