package io.productscanner.runtime.api;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.productscanner.runtime.heartbeat.ListedWorker;
import io.productscanner.runtime.heartbeat.WorkerDirectory;
import io.productscanner.runtime.heartbeat.WorkerHeartbeat;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.queue.PlatformControl;
import io.productscanner.runtime.version.ProductVersion;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v2/workers}: every process whose heartbeat is alive (API and workers), with its age and build; and
 * restart requests for the worker serving a platform.
 */
final class WorkerService implements HttpService {
    private static final System.Logger LOG = System.getLogger(WorkerService.class.getName());
    /** A restart request no worker took within this long (no worker serves the platform) lapses. */
    static final Duration RESTART_REQUEST_TTL = Duration.ofMinutes(5);

    private final WorkerDirectory directory;
    private final PlatformControl platformControl;
    private final PluginRegistry plugins;

    WorkerService(WorkerDirectory directory, PlatformControl platformControl, PluginRegistry plugins) {
        this.directory = directory;
        this.platformControl = platformControl;
        this.plugins = plugins;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list).post("/{platform}/restart", this::restart);
    }

    private void list(ServerRequest req, ServerResponse res) {
        List<Map<String, Object>> workers =
                directory.list().stream().map(WorkerService::describe).toList();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("count", workers.size());
        // the build of the API answering, beside each process's own in its heartbeat
        summary.put("api_version", ProductVersion.current().describe());
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
        out.put("plugins", heartbeat.pluginMaps());
        out.put(
                "current_jobs",
                heartbeat.currentJobs().stream()
                        .map(job -> Map.of("job_id", job.jobId(), "platform", job.platform()))
                        .toList());
        out.put("age_seconds", worker.ageSeconds());
        out.put("uptime_seconds", heartbeat.uptimeSeconds());
        out.put("rss_mb", heartbeat.rssMb());
        out.put("working_set_mb", heartbeat.workingSetMb());
        out.put("memory_limit_mb", heartbeat.memoryLimitMb());
        out.put("heap_used_mb", heartbeat.heapUsedMb());
        out.put("hostname", heartbeat.hostname());
        out.put("pid", heartbeat.pid());
        out.put("version", heartbeat.version());
        out.put("started_at", heartbeat.startedAt() == null ? null : Json.timestamp(heartbeat.startedAt()));
        out.put("written_at", Json.timestamp(heartbeat.writtenAt()));
        return out;
    }

    /**
     * Asks the worker serving the platform to restart: between jobs (a running job finishes first) it recreates
     * its plugin scanner. 202: the request is recorded, not yet carried out.
     */
    private void restart(ServerRequest req, ServerResponse res) {
        String platform = req.path().pathParameters().get("platform");
        if (!plugins.knownQueues().contains(platform)) {
            throw ApiException.notFound(
                    "platform_not_found",
                    "no platform queue '" + platform + "' (known: " + String.join(", ", plugins.knownQueues()) + ")",
                    "platform");
        }
        platformControl.requestRestart(platform, RESTART_REQUEST_TTL);
        LogEvent.info(LOG, "worker.restart_requested", "platform", platform);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("platform", platform);
        data.put("status", "restart_requested");
        ApiResponses.ok(res, 202, data);
    }
}
