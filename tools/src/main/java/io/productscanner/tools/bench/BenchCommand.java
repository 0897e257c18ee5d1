package io.productscanner.tools.bench;

import io.productscanner.runtime.cli.CommandExtension;
import io.productscanner.runtime.cli.CommandGroup;
import picocli.CommandLine.Command;

/** {@code bench …}: the benchmarks, each against a Redis, site mirror and processes of its own. */
@Command(
        name = "bench",
        description = "Benchmarks: each prints a table, then one JSON line of its figures (docs/PERFORMANCE.md).",
        subcommands = {
            BenchWaitCommand.class,
            BenchQueueCommand.class,
            BenchScanCommand.class,
            BenchSoakCommand.class,
            BenchRecoveryCommand.class,
            BenchMemoryCommand.class,
            BenchStartupCommand.class
        })
public final class BenchCommand extends CommandGroup implements CommandExtension {}
