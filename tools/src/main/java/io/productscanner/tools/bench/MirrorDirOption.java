package io.productscanner.tools.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --mirror-dir}: the recorded answers a benchmark's own site mirror serves. */
final class MirrorDirOption {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(
            names = "--mirror-dir",
            paramLabel = "DIR",
            defaultValue = "fixtures/mirror",
            description = "The recorded answers the site mirror serves (default ${DEFAULT-VALUE}).")
    private Path dir;

    /** The folder, or a usage error (exit 2) when it is not one. */
    Path directory() {
        if (!Files.isDirectory(dir)) {
            throw new ParameterException(
                    mixee.commandLine(),
                    "--mirror-dir " + dir
                            + " is not a directory (run from the repository root, or name the fixtures folder)");
        }
        return dir;
    }
}
