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
                    "CURRENT_JOBS",
                    "BEAT_AGE",
                    "UPTIME",
                    "RSS_MB",
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
                        String.join(",", jobs),
                        Durations.human(worker.path("age_seconds").asLong()),
                        Durations.human(worker.path("uptime_seconds").asLong()),
                        worker.path("rss_mb").isNumber()
                                ? Math.round(worker.path("rss_mb").asDouble())
                                : null,
                        worker.path("hostname").asText(null),
                        worker.path("pid").asText(null));
            }
            terminal().println("workers: " + data.path("summary").path("count").asLong());
            table.printTo(terminal());
        });
        return 0;
    }

    static String join(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return String.join(",", values);
    }
}
