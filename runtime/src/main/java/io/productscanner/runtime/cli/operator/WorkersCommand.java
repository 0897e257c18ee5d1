package io.productscanner.runtime.cli.operator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code workers}: every live process from its heartbeat. */
@Command(name = "workers", description = "Live processes (API and workers) from their heartbeats.")
public final class WorkersCommand extends OperatorCommand {
    @Override
    int run() {
        JsonNode data = api().get("/api/v2/workers");
        print(data, () -> {
            TextTable table = new TextTable(
                    "SERVICE",
                    "ROLE",
                    "STATUS",
                    "PLATFORMS",
                    "PLUGINS",
                    "CURRENT_JOBS",
                    "BEAT_AGE",
                    "UPTIME",
                    "RSS_MB",
                    "WORKING_SET_MB",
                    "LIMIT_MB",
                    "HOST",
                    "PID");
            for (JsonNode worker : data.path("workers")) {
                List<String> jobs = new ArrayList<>();
                worker.path("current_jobs")
                        .forEach(job -> jobs.add(job.path("platform").asText() + ":"
                                + job.path("job_id").asText()));
                table.row(
                        worker.path("service").asText(),
                        worker.path("role").asText(null),
                        worker.path("status").asText(null),
                        join(worker.path("platforms")),
                        pluginIds(worker.path("plugins")),
                        String.join(",", jobs),
                        Durations.human(worker.path("age_seconds").asLong()),
                        Durations.human(worker.path("uptime_seconds").asLong()),
                        wholeMb(worker.path("rss_mb")),
                        wholeMb(worker.path("working_set_mb")),
                        wholeMb(worker.path("memory_limit_mb")),
                        worker.path("hostname").asText(null),
                        worker.path("pid").asText(null));
            }
            terminal().println("workers: " + data.path("summary").path("count").asLong());
            table.printTo(terminal());
        });
        return 0;
    }

    /** MiB without decimals; null (an empty cell) when the heartbeat has no such figure. */
    private static Long wholeMb(JsonNode mb) {
        return mb.isNumber() ? Math.round(mb.asDouble()) : null;
    }

    /** The ids of the plugins a process loaded; null (an empty cell) for a build whose heartbeat does not say. */
    private static String pluginIds(JsonNode plugins) {
        if (!plugins.isArray()) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        plugins.forEach(plugin -> ids.add(plugin.path("id").asText()));
        return String.join(",", ids);
    }

    static String join(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return String.join(",", values);
    }
}
