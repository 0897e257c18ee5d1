package io.productscanner.runtime.version;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * The build this process runs: the project version and, when the build ran in a git checkout, the commit. Read
 * from {@code build.properties}, which Maven fills in; shown by {@code --version}, the worker list of the API and
 * every heartbeat, so an operator can tell which build each process runs.
 *
 * @param version  the Maven project version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param revision the abbreviated git commit, empty when the build had no git checkout (a Docker build context)
 */
public record ProductVersion(String version, Optional<String> revision) {
    private static final ProductVersion CURRENT = read();

    /** This build's. */
    public static ProductVersion current() {
        return CURRENT;
    }

    /** {@code 0.1.0-SNAPSHOT (git 1a2b3c4d5e6f)}, or the version alone without a known commit. */
    public String describe() {
        return version + revision.map(commit -> " (git " + commit + ")").orElse("");
    }

    private static ProductVersion read() {
        Properties properties = new Properties();
        try (InputStream in = ProductVersion.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read this build's version", e);
        }
        return new ProductVersion(
                filled(properties.getProperty("version")).orElse("unknown"),
                filled(properties.getProperty("revision")));
    }

    /** A value Maven filled in: an unfilled placeholder (no git at build time) or an empty one counts as absent. */
    private static Optional<String> filled(String value) {
        return value == null || value.isBlank() || value.startsWith("${")
                ? Optional.empty()
                : Optional.of(value.strip());
    }
}
