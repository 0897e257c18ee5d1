package io.productscanner.runtime.cli.operator;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code running}: what runs on each platform and how many jobs wait, as the seed's monitoring showed it. */
@Command(name = "running", description = "Running jobs and queue depths per platform.")
public final class RunningCommand extends OperatorCommand {
    @Override
    int run() {
        JsonNode data = api().get("/api/v2/jobs/running");
        print(data, () -> {
            Terminal out = terminal();
            out.println("running: " + data.path("summary").path("running_count").asLong() + "   queued: "
                    + data.path("summary").path("queued_count").asLong());
            TextTable running = new TextTable("PLATFORM", "JOB_ID", "WORKFLOW", "STARTED_AT", "ELAPSED");
            for (JsonNode job : data.path("running")) {
                running.row(
                        job.path("platform").asText(),
                        job.path("job_id").asText(),
                        job.path("workflow_id").asText(null),
                        job.path("started_at").asText(null),
                        Durations.human(job.path("elapsed_seconds").asLong()));
            }
            if (!running.isEmpty()) {
                out.println("");
                running.printTo(out);
            }
            TextTable queues = new TextTable("QUEUE", "DEPTH");
            data.path("queued")
                    .properties()
                    .forEach(
                            queue -> queues.row(queue.getKey(), queue.getValue().asLong()));
            if (!queues.isEmpty()) {
                out.println("");
                queues.printTo(out);
            }
        });
        return 0;
    }
}
