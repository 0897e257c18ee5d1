package io.productscanner.runtime.cli.operator;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cancel <job_id>}: a queued job ends at once, a running one at its next product. */
@Command(name = "cancel", description = "Cancel a job: at once when queued, at its next product when running.")
public final class CancelCommand extends OperatorCommand {
    @Parameters(index = "0", paramLabel = "JOB_ID")
    String jobId;

    @Override
    int run() {
        JsonNode data = api().post("/api/v2/jobs/" + ApiClient.segment(jobId) + "/cancel");
        print(
                data,
                () -> terminal()
                        .println(data.path("job_id").asText() + " "
                                + data.path("status").asText()));
        return 0;
    }
}
