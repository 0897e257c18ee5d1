package io.productscanner.e2e.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The repository checkout the tests run in: its files, its YAML, and commands run in it. */
final class Repository {
    static final Path ROOT =
            Path.of(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize();
    static final Path DIST = Path.of(System.getProperty("dist.dir", "../distribution/target/product-scanner"))
            .toAbsolutePath()
            .normalize();

    private Repository() {}

    static Path file(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(String relative) throws IOException {
        return Files.readString(file(relative));
    }

    /** One YAML document, with anchors, aliases and merge keys resolved, as maps, lists and scalars. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) yamlParser().load(text);
    }

    /** Every document of a multi-document YAML stream (e.g. rendered Kubernetes objects). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlDocuments(String text) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : yamlParser().loadAll(text)) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    private static Yaml yamlParser() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    record Finished(int exitCode, String output) {}

    /** Runs a command in the repository root to its end; output is stdout and stderr together. */
    static Finished run(Duration timeout, Map<String, String> env, String... command) throws Exception {
        Path output = Files.createTempFile("command-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(ROOT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(
                        String.join(" ", command) + " did not finish in " + timeout + ":\n" + Files.readString(output));
            }
            return new Finished(process.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The map under {@code key}, failing with the key's path when it is missing or not a map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key, String where) {
        Object value = parent.get(key);
        if (!(value instanceof Map)) {
            throw new AssertionError(where + "." + key + " should be a mapping, is " + value);
        }
        return (Map<String, Object>) value;
    }

    /** The list under {@code key}, failing with the key's path when it is missing or not a list. */
    @SuppressWarnings("unchecked")
    static <T> List<T> list(Map<String, Object> parent, String key, String where) {
        Object value = parent.get(key);
        if (!(value instanceof List)) {
            throw new AssertionError(where + "." + key + " should be a list, is " + value);
        }
        return (List<T>) value;
    }

    /** A memory quantity of Compose ("512M", "2G") or Kubernetes ("512Mi", "2Gi") in MiB. */
    static long mebibytes(Object quantity) {
        String text = String.valueOf(quantity).trim();
        Matcher m = Pattern.compile("(\\d+)\\s*([KMG])i?[Bb]?").matcher(text);
        if (!m.matches()) {
            throw new AssertionError("not a memory quantity: " + text);
        }
        long value = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "K" -> value / 1024;
            case "M" -> value;
            default -> value * 1024;
        };
    }
}
