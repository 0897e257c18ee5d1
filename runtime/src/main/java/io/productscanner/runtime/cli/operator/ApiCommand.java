package io.productscanner.runtime.cli.operator;

import io.productscanner.runtime.cli.CliContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that talks to the API at {@code API_URL} (with {@code API_TOKEN}): the operator commands and
 * {@code schedules}. One client per run, closed when the command ends.
 */
abstract class ApiCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    private ApiClient api;
    private Terminal terminal;

    CommandSpec spec() {
        return spec;
    }

    ApiClient api() {
        return api;
    }

    Terminal terminal() {
        return terminal;
    }

    @Override
    public final Integer call() {
        CliContext context = CliContext.of(spec);
        try (ApiClient client = ApiClient.of(context.settings())) {
            api = client;
            terminal = new Terminal(context.out(), context.interactive());
            return run();
        }
    }

    abstract int run();
}
