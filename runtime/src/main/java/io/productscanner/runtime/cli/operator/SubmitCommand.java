package io.productscanner.runtime.cli.operator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.json.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code submit <workflow_id> [--param k=v …] [--priority N] [--wait]}: queues a workflow run. */
@Command(name = "submit", description = "Queue a workflow run; --wait follows it to its end.")
public final class SubmitCommand extends OperatorCommand {
    @Parameters(index = "0", paramLabel = "WORKFLOW_ID", description = "e.g. musinsa-validation-v2 (see `plugins`).")
    String workflowId;

    @Option(
            names = {"-p", "--param"},
            paramLabel = "KEY=VALUE",
            mapFallbackValue = "",
            description = "A workflow parameter; a value that reads as JSON (50, true, [..], {..}, \"..\") is "
                    + "sent as that JSON, anything else as text. Repeatable.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--priority", paramLabel = "N", description = "-1000..1000, higher runs first (default 0).")
    Integer priority;

    @Option(
            names = {"-w", "--wait"},
            description = "Follow the job until it ends; exit 0 when it completed, 5 when it failed or was cancelled.")
    boolean await;

    @Override
    int run() {
        ObjectNode body = Json.MAPPER.createObjectNode().put("workflow_id", workflowId);
        if (priority != null) {
            body.put("priority", priority);
        }
        ObjectNode paramsNode = body.putObject("params");
        params.forEach((key, value) -> paramsNode.set(key, paramValue(value)));
        JsonNode submitted = api().post("/api/v2/workflows/execute", body);
        String jobId = submitted.path("job_id").asText();
        if (!await) {
            print(
                    submitted,
                    () -> terminal()
                            .println("submitted " + jobId + "  "
                                    + submitted.path("workflow_id").asText() + " on "
                                    + submitted.path("platform").asText() + ", "
                                    + submitted.path("status").asText()));
            return 0;
        }
        if (!json) {
            terminal()
                    .println("submitted " + jobId + "  "
                            + submitted.path("workflow_id").asText() + " on "
                            + submitted.path("platform").asText());
        }
        JsonNode job = new JobFollower(api(), terminal()).follow(jobId, !json);
        print(job, () -> StatusCommand.describe(job, terminal()));
        return JobFollower.exitCode(job);
    }

    /** JSON when the text is JSON, else the text itself: {@code limit=50} is a number, {@code url=https://…} text. */
    static JsonNode paramValue(String text) {
        try {
            // the whole text must be JSON: 2025-01-01 is a date, not 2025 followed by junk
            JsonNode parsed = Json.MAPPER
                    .reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(text);
            if (parsed != null && !parsed.isMissingNode()) {
                return parsed;
            }
        } catch (IOException notJson) {
            // plain text
        }
        return Json.MAPPER.getNodeFactory().textNode(text);
    }
}
