package io.productscanner.runtime.cli.operator;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code status <job_id> [--follow]}: one job, with its progress bar; {@code --follow} waits for its end. */
@Command(name = "status", description = "A job's status and progress; --follow waits until it ends.")
public final class StatusCommand extends OperatorCommand {
    @Parameters(index = "0", paramLabel = "JOB_ID", description = "The job id submit printed.")
    String jobId;

    @Option(
            names = {"-f", "--follow"},
            description = "Redraw the progress until the job ends; exit 0 when it "
                    + "completed, 5 when it failed or was cancelled.")
    boolean follow;

    @Override
    int run() {
        if (!follow) {
            JsonNode job = api().get("/api/v2/jobs/" + ApiClient.segment(jobId));
            print(job, () -> describe(job, terminal()));
            return 0;
        }
        JsonNode job = new JobFollower(api(), terminal()).follow(jobId, !json);
        print(job, () -> describe(job, terminal()));
        return JobFollower.exitCode(job);
    }

    static void describe(JsonNode job, Terminal out) {
        TextTable table = new TextTable("FIELD", "VALUE");
        table.row("job_id", job.path("job_id").asText())
                .row("workflow", job.path("workflow_id").asText(null))
                .row("platform", job.path("platform").asText(null))
                .row("status", job.path("status").asText(null))
                .row("progress", JobFollower.progressLine(job))
                .row("priority", job.path("priority").asText(null))
                .row("attempts", job.path("attempts").asText(null))
                .row("created_at", job.path("created_at").asText(null))
                .row("started_at", job.path("started_at").asText(null))
                .row("completed_at", job.path("completed_at").asText(null))
                .row("error", job.path("error").asText(null));
        JsonNode summary = job.path("result").path("summary");
        if (summary.isObject()) {
            summary.properties()
                    .forEach(field -> table.row(
                            "summary." + field.getKey(),
                            field.getValue().isValueNode()
                                    ? field.getValue().asText()
                                    : field.getValue().toString()));
        }
        // a two-column listing reads better without its header
        table.lines().stream().skip(1).forEach(out::println);
    }
}
