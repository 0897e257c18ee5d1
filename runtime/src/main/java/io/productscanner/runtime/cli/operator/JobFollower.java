package io.productscanner.runtime.cli.operator;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.cli.CliFailure;
import java.time.Duration;
import java.util.Set;

/** Polls a job until it ends, showing its progress bar whenever status, progress or node change. */
final class JobFollower {
    static final Set<String> FINAL = Set.of("completed", "failed", "cancelled");
    private static final Duration POLL = Duration.ofMillis(500);

    private final ApiClient api;
    private final Terminal terminal;

    JobFollower(ApiClient api, Terminal terminal) {
        this.api = api;
        this.terminal = terminal;
    }

    /** The job as it ended; with {@code showProgress} off (for {@code --json}) nothing is printed meanwhile. */
    JsonNode follow(String jobId, boolean showProgress) {
        String shown = null;
        while (true) {
            JsonNode job = api.get("/api/v2/jobs/" + ApiClient.segment(jobId));
            String line = progressLine(job);
            if (showProgress && !line.equals(shown)) {
                terminal.progress(line);
                shown = line;
            }
            if (FINAL.contains(job.path("status").asText())) {
                return job;
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure(CliFailure.API_UNREACHABLE, "interrupted while following job " + jobId);
            }
        }
    }

    static String progressLine(JsonNode job) {
        String node = job.path("current_node").asText("");
        return ProgressBar.render(job.path("progress").asDouble(0)) + "  "
                + job.path("status").asText() + (node.isEmpty() ? "" : " (" + node + ")");
    }

    /** 0 for a completed job; a failed or cancelled one is a failure a script should notice. */
    static int exitCode(JsonNode job) {
        String status = job.path("status").asText();
        if (status.equals("completed")) {
            return 0;
        }
        throw new CliFailure(
                CliFailure.JOB_NOT_COMPLETED,
                "job " + job.path("job_id").asText() + " ended " + status
                        + (job.hasNonNull("error") ? ": " + job.path("error").asText() : ""));
    }
}
