package io.productscanner.runtime.api;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.productscanner.runtime.heartbeat.ListedWorker;
import io.productscanner.runtime.heartbeat.WorkerDirectory;
import io.productscanner.runtime.heartbeat.WorkerHeartbeat;
import io.productscanner.runtime.json.Json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/v2/workers}: every process whose heartbeat is alive (API and workers), with its age. */
final class WorkerService implements HttpService {
    private final WorkerDirectory directory;

    WorkerService(WorkerDirectory directory) {
        this.directory = directory;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list);
    }

    private void list(ServerRequest req, ServerResponse res) {
        List<Map<String, Object>> workers = directory.list().stream().map(WorkerService::describe).toList();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("count", workers.size());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("workers", workers);
        data.put("summary", summary);
        ApiResponses.ok(res, 200, data);
    }

    private static Map<String, Object> describe(ListedWorker worker) {
        WorkerHeartbeat heartbeat = worker.heartbeat();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("service", heartbeat.service());
        out.put("role", heartbeat.role());
        out.put("status", heartbeat.status());
        out.put("platforms", heartbeat.platforms());
        out.put("current_jobs", heartbeat.currentJobs().stream().map(job -> Map.of("job_id", job.jobId(),
                "platform", job.platform())).toList());
        out.put("age_seconds", worker.ageSeconds());
        out.put("uptime_seconds", heartbeat.uptimeSeconds());
        out.put("rss_mb", heartbeat.rssMb());
        out.put("heap_used_mb", heartbeat.heapUsedMb());
        out.put("hostname", heartbeat.hostname());
        out.put("pid", heartbeat.pid());
        out.put("started_at", heartbeat.startedAt() == null ? null : Json.timestamp(heartbeat.startedAt()));
        out.put("written_at", Json.timestamp(heartbeat.writtenAt()));
        return out;
    }
}
