package io.productscanner.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The jlink runtime image of scripts/build-runtime-image.sh, linked for a test, and commands run with it. */
final class RuntimeImage {
    static final Path ROOT =
            Path.of(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize();

    private RuntimeImage() {}

    record Finished(int exitCode, String output) {}

    /** Links the image into {@code output} with this JDK's jlink, over the assembled distribution. */
    static Finished build(Path output) throws IOException, InterruptedException {
        return run(
                Map.of("JAVA_HOME", System.getProperty("java.home")),
                output.getParent(),
                ROOT.resolve("scripts/build-runtime-image.sh").toString(),
                "--dist",
                ScannerProcessHandle.DIST.toAbsolutePath().toString(),
                "--output",
                output.toString());
    }

    /** Runs a command in the repository root to its end (3 minutes at most); output is stdout and stderr. */
    static Finished run(Map<String, String> env, Path scratch, String... command)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile(scratch, "command-", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(command))
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not finish:\n" + Files.readString(output));
        }
        return new Finished(process.exitValue(), Files.readString(output));
    }
}
