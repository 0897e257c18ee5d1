package io.productscanner.runtime.cli.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.productscanner.runtime.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code results <job_id> [--format table|jsonl|csv]}: a job's per-product results, every page of them. */
@Command(name = "results", description = "A job's per-product results.")
public final class ResultsCommand extends OperatorCommand {
    private static final int PAGE = 1000;

    /** How the results are printed. */
    enum Format {
        table,
        jsonl,
        csv
    }

    @Parameters(index = "0", paramLabel = "JOB_ID")
    String jobId;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table (default), jsonl or csv (the API's downloads, streamed as they come).")
    Format format;

    @Override
    int run() {
        String path = "/api/v2/jobs/" + ApiClient.segment(jobId) + "/results";
        if (!json && format != Format.table) {
            api().download(path + "?format=" + format.name(), terminal().stream());
            return 0;
        }
        ArrayNode items = Json.MAPPER.createArrayNode();
        JsonNode page = api().get(path + "?limit=" + PAGE);
        JsonNode first = page;
        items.addAll((ArrayNode) page.path("items"));
        while (page.hasNonNull("next_cursor")) {
            page = api().get(path + "?limit=" + PAGE + "&cursor="
                    + ApiClient.segment(page.path("next_cursor").asText()));
            items.addAll((ArrayNode) page.path("items"));
        }
        JsonNode all = Json.MAPPER
                .createObjectNode()
                .put("job_id", first.path("job_id").asText())
                .put("status", first.path("status").asText(null))
                .put("total", first.path("total").asLong())
                .set("items", items);
        print(all, () -> {
            TextTable table = new TextTable(
                    "PRODUCT_ID",
                    "STATUS",
                    "MATCH",
                    "SALE_STATUS",
                    "ORIGINAL",
                    "DISCOUNTED",
                    "STRATEGY",
                    "URL",
                    "ERROR");
            for (JsonNode item : items) {
                JsonNode fetched = item.path("fetched");
                table.row(
                        item.path("product_id").asText(null),
                        item.path("status").asText(null),
                        item.path("match").asText(null),
                        fetched.path("sale_status").asText(null),
                        fetched.path("original_price").asText(null),
                        fetched.path("discounted_price").asText(null),
                        fetched.path("strategy").asText(null),
                        item.path("url").asText(null),
                        item.path("error").asText(null));
            }
            terminal()
                    .println("job " + first.path("job_id").asText() + " ("
                            + first.path("status").asText() + "): " + items.size() + " result(s)");
            if (!table.isEmpty()) {
                table.printTo(terminal());
            }
        });
        return 0;
    }
}
