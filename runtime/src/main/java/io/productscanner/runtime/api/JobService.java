package io.productscanner.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.productscanner.runtime.job.JobIds;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.job.PlatformActivity;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.plugin.PluginRegistry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/v2/jobs}: what runs now, one job, and its results. */
final class JobService implements HttpService {
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;

    private final JobStore store;
    private final PlatformActivity activity;
    private final PluginRegistry plugins;

    JobService(JobStore store, PlatformActivity activity, PluginRegistry plugins) {
        this.store = store;
        this.activity = activity;
        this.plugins = plugins;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/running", this::running)
                .get("/{id}/results", this::results)
                .get("/{id}", this::job);
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
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("summary", job.summary());
        out.put("result", result);
        ApiResponses.ok(res, 200, out);
    }

    private void results(ServerRequest req, ServerResponse res) {
        JobRecord job = find(req);
        long offset = nonNegative(req, "offset", 0, Long.MAX_VALUE);
        long limit = nonNegative(req, "limit", DEFAULT_PAGE, MAX_PAGE);
        List<JsonNode> items = store.results(job.jobId(), offset, limit).stream().map(Json::read).toList();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("job_id", job.jobId());
        data.put("status", job.status().wireName());
        data.put("total", store.resultCount(job.jobId()));
        data.put("offset", offset);
        data.put("limit", limit);
        data.put("items", items);
        ApiResponses.ok(res, 200, data);
    }

    private JobRecord find(ServerRequest req) {
        String id = req.path().pathParameters().get("id");
        if (!JobIds.looksValid(id)) {
            throw ApiException.badRequest("invalid_job_id", "'" + id + "' is not a job id (a UUID)", "id");
        }
        return store.find(id.toLowerCase(java.util.Locale.ROOT))
                .orElseThrow(() -> ApiException.notFound("job_not_found", "no job " + id
                        + " (finished jobs are kept for JOB_RETENTION_SECONDS)", "id"));
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
}
