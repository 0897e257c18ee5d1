package io.productscanner.runtime.cli.operator;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.cli.CommandGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code queues …}: every queue at a glance, and pausing and resuming one, through the API at {@code API_URL}. */
@Command(
        name = "queues",
        description = "Queues through the API at API_URL: list them, pause or resume one.",
        subcommands = {QueuesCommand.ListQueues.class, QueuesCommand.Pause.class, QueuesCommand.Resume.class})
public final class QueuesCommand extends CommandGroup {
    private static final String PATH = "/api/v2/queues";

    @Command(name = "list", description = "Every queue: paused, waiting, running job, last outcome, workers.")
    static final class ListQueues extends OperatorCommand {
        @Override
        int run() {
            JsonNode data = api().get(PATH);
            print(data, () -> {
                TextTable table = new TextTable(
                        "QUEUE", "PAUSED", "WAITING", "OLDEST_WAIT", "RUNNING", "PROGRESS", "LAST", "WORKERS");
                for (JsonNode queue : data.path("queues")) {
                    JsonNode running = queue.path("running");
                    JsonNode last = queue.path("last_finished");
                    table.row(
                            queue.path("queue").asText(),
                            queue.path("paused").asBoolean() ? "yes" : "no",
                            queue.path("waiting").asLong(),
                            queue.path("oldest_wait_seconds").isNumber()
                                    ? Durations.human(
                                            queue.path("oldest_wait_seconds").asLong())
                                    : null,
                            running.isObject() ? running.path("job_id").asText() : null,
                            running.isObject()
                                    ? Math.round(running.path("progress").asDouble() * 100) + "%"
                                    : null,
                            last.isObject() ? last.path("status").asText() : null,
                            queue.path("workers").size());
                }
                JsonNode summary = data.path("summary");
                terminal()
                        .println("running: " + summary.path("running_count").asLong() + ", waiting: "
                                + summary.path("waiting_count").asLong() + ", paused: "
                                + summary.path("paused_count").asLong());
                table.printTo(terminal());
            });
            return 0;
        }
    }

    /** Pauses or resumes the queue named. */
    abstract static class OnQueue extends OperatorCommand {
        @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue: a platform, extract or default.")
        String queue;

        int change(String action, String done) {
            JsonNode data = api().post(PATH + "/" + ApiClient.segment(queue) + "/" + action);
            print(data, () -> terminal().println(data.path("queue").asText() + " " + done));
            return 0;
        }
    }

    @Command(name = "pause", description = "Workers take no new job from the queue; a running job finishes.")
    static final class Pause extends OnQueue {
        @Override
        int run() {
            return change("pause", "paused");
        }
    }

    @Command(name = "resume", description = "Workers take jobs from the queue again.")
    static final class Resume extends OnQueue {
        @Override
        int run() {
            return change("resume", "resumed");
        }
    }
}
