package io.productscanner.runtime.heartbeat;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.json.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One heartbeat as stored at {@code {prefix}heartbeat:{service}}: who the process is, what it does and how much
 * memory it uses, at {@code writtenAt}. Stored as JSON so that its lists need no second key.
 *
 * @param status    a {@link HeartbeatStatus} wire name, kept as text so a reader accepts statuses it does not know
 * @param heapUsedMb Java heap in use, MiB
 * @param rssMb     resident set size, MiB; null where {@code /proc/self/status} cannot be read
 * @param memoryLimitMb the memory limit of the process's cgroup (its container's), MiB; null without one, and in a
 *                  heartbeat of a build from before it was written
 * @param workingSetMb what that cgroup uses less its inactive file cache ({@link CgroupMemory}), MiB: the JVM with
 *                  any Chromium it runs; null where no cgroup can be read
 * @param version   the build the process runs; null in a heartbeat of a build from before it was written
 * @param plugins   the plugins the process loaded; null in a heartbeat of a build from before they were written
 */
public record WorkerHeartbeat(
        String service,
        String role,
        String hostname,
        long pid,
        String status,
        List<String> platforms,
        List<CurrentJob> currentJobs,
        Instant startedAt,
        long uptimeSeconds,
        double heapUsedMb,
        Double rssMb,
        Double memoryLimitMb,
        Double workingSetMb,
        Instant writtenAt,
        String version,
        List<PluginVersion> plugins) {
    public WorkerHeartbeat {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(writtenAt, "writtenAt");
        platforms = List.copyOf(platforms);
        currentJobs = List.copyOf(currentJobs);
        plugins = plugins == null ? null : List.copyOf(plugins);
    }

    public String toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("service", service);
        out.put("role", role);
        out.put("hostname", hostname);
        out.put("pid", pid);
        out.put("version", version);
        out.put("status", status);
        out.put("platforms", platforms);
        out.put("plugins", pluginMaps());
        out.put(
                "current_jobs",
                currentJobs.stream()
                        .map(job -> Map.of("job_id", job.jobId(), "platform", job.platform()))
                        .toList());
        out.put("started_at", startedAt == null ? null : Json.timestamp(startedAt));
        out.put("uptime_seconds", uptimeSeconds);
        out.put("heap_used_mb", heapUsedMb);
        out.put("rss_mb", rssMb);
        out.put("memory_limit_mb", memoryLimitMb);
        out.put("working_set_mb", workingSetMb);
        out.put("written_at", Json.timestamp(writtenAt));
        return Json.write(out);
    }

    /** The plugins as JSON objects {@code {id, version, spi}}; null when the heartbeat did not say. */
    public List<Map<String, Object>> pluginMaps() {
        return plugins == null
                ? null
                : plugins.stream().map(PluginVersion::toMap).toList();
    }

    /**
     * Reads a stored heartbeat.
     *
     * @throws IllegalStateException when the text is not a heartbeat (no JSON object, or no service or time)
     */
    public static WorkerHeartbeat fromJson(String text) {
        JsonNode node = Json.read(text);
        if (!node.isObject()
                || !node.path("service").isTextual()
                || !node.path("written_at").isTextual()) {
            throw new IllegalStateException("not a heartbeat: it needs at least service and written_at");
        }
        List<String> platforms = new ArrayList<>();
        node.path("platforms").forEach(platform -> platforms.add(platform.asText()));
        List<CurrentJob> jobs = new ArrayList<>();
        node.path("current_jobs")
                .forEach(job -> jobs.add(new CurrentJob(
                        job.path("job_id").asText(), job.path("platform").asText())));
        return new WorkerHeartbeat(
                node.path("service").asText(),
                node.path("role").asText(null),
                node.path("hostname").asText(null),
                node.path("pid").asLong(),
                node.path("status").asText("unknown"),
                platforms,
                jobs,
                instant(node.path("started_at")),
                node.path("uptime_seconds").asLong(),
                node.path("heap_used_mb").asDouble(),
                number(node.path("rss_mb")),
                number(node.path("memory_limit_mb")),
                number(node.path("working_set_mb")),
                instant(node.path("written_at")),
                node.path("version").asText(null),
                plugins(node.path("plugins")));
    }

    private static List<PluginVersion> plugins(JsonNode array) {
        if (!array.isArray()) {
            return null;
        }
        List<PluginVersion> plugins = new ArrayList<>();
        array.forEach(plugin -> plugins.add(PluginVersion.fromJson(plugin)));
        return plugins;
    }

    private static Double number(JsonNode value) {
        return value.isNumber() ? value.asDouble() : null;
    }

    private static Instant instant(JsonNode text) {
        if (!text.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(text.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("not a heartbeat: '" + text.asText() + "' is not a time", e);
        }
    }
}
