package io.productscanner.runtime.cli.operator;

import io.productscanner.runtime.cli.CommandGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code schedules …}: schedules managed through the API at {@code API_URL}, with the operator commands' client,
 * token and exit codes. Each prints the answer's data as JSON.
 */
@Command(
        name = "schedules",
        description = "Manage schedules through the API at API_URL; each prints the API's answer as JSON.",
        subcommands = {
            SchedulesCommand.ListSchedules.class,
            SchedulesCommand.Show.class,
            SchedulesCommand.Create.class,
            SchedulesCommand.Replace.class,
            SchedulesCommand.Pause.class,
            SchedulesCommand.Resume.class,
            SchedulesCommand.RunNow.class,
            SchedulesCommand.Delete.class
        })
public final class SchedulesCommand extends CommandGroup {
    private static final String PATH = "/api/v2/schedules";

    /** A command on one schedule, named by its id. */
    abstract static class OnSchedule extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The schedule's id.")
        String id;

        String path() {
            return PATH + "/" + ApiClient.segment(id);
        }
    }

    @Command(name = "list", description = "Every schedule, with its next run.")
    static final class ListSchedules extends ApiCommand {
        @Override
        int run() {
            terminal().json(api().get(PATH));
            return 0;
        }
    }

    @Command(name = "show", description = "One schedule and its recent runs.")
    static final class Show extends OnSchedule {
        @Override
        int run() {
            terminal().json(api().get(path()));
            return 0;
        }
    }

    @Command(name = "create", description = "Create a schedule from a JSON file (id, workflow_id, cron, params...).")
    static final class Create extends ApiCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "The schedule as JSON.")
        Path file;

        @Override
        int run() {
            terminal().json(api().send("POST", PATH, read(spec(), file)));
            return 0;
        }
    }

    @Command(name = "replace", description = "Replace a schedule with the one in a JSON file.")
    static final class Replace extends OnSchedule {
        @Parameters(index = "1", paramLabel = "FILE", description = "The schedule as JSON.")
        Path file;

        @Override
        int run() {
            terminal().json(api().send("PUT", path(), read(spec(), file)));
            return 0;
        }
    }

    @Command(name = "pause", description = "Pause a schedule: no runs until it is resumed.")
    static final class Pause extends OnSchedule {
        @Override
        int run() {
            terminal().json(api().post(path() + "/pause"));
            return 0;
        }
    }

    @Command(name = "resume", description = "Resume a paused schedule.")
    static final class Resume extends OnSchedule {
        @Override
        int run() {
            terminal().json(api().post(path() + "/resume"));
            return 0;
        }
    }

    @Command(name = "run-now", description = "Queue a run of a schedule now; prints the job it queued.")
    static final class RunNow extends OnSchedule {
        @Override
        int run() {
            terminal().json(api().post(path() + "/run-now"));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a schedule.")
    static final class Delete extends OnSchedule {
        @Override
        int run() {
            terminal().json(api().delete(path()));
            return 0;
        }
    }

    /** The file's text, sent as it is: the API names what is wrong in it. */
    private static String read(CommandSpec spec, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), "no such file: " + file);
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
