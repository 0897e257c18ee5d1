package io.productscanner.runtime.cli.operator;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code plugins}: the platform plugins the API loaded, their kind and queues. */
@Command(name = "plugins", description = "Platform plugins the API loaded, with kind and queues.")
public final class PluginsCommand extends OperatorCommand {
    @Override
    int run() {
        JsonNode data = api().get("/api/v2/platforms");
        print(data, () -> {
            TextTable table = new TextTable("PLUGIN", "KIND", "QUEUES", "MAX_CONCURRENCY");
            for (JsonNode plugin : data.path("platforms")) {
                table.row(
                        plugin.path("id").asText(),
                        plugin.path("kind").asText(null),
                        WorkersCommand.join(plugin.path("queues")),
                        plugin.path("max_concurrency").asText(null));
            }
            table.printTo(terminal());
            terminal().println("queues: " + WorkersCommand.join(data.path("queues")));
        });
        return 0;
    }
}
