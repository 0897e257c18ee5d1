package io.productscanner.runtime.redis;

import io.productscanner.runtime.logging.LogEvent;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.embedded.core.ExecutableProvider;

/**
 * The redis-server the embedded Redis runs ({@code EMBEDDED_REDIS_BINARY}): {@code auto} takes the system's
 * {@code redis-server} (found on the {@code PATH}; Debian's package gets security fixes) and falls back, with a
 * warning, to the 6.2 shipped inside the embedded-redis artifact, which gets none; {@code bundled} takes that one;
 * anything else is the path of a redis-server to run, refused if it is missing or too old.
 *
 * @param executable the binary
 * @param version    what {@code redis-server --version} says, e.g. {@code 7.0.15}
 * @param source     where it was found
 */
public record RedisBinary(Path executable, String version, Source source) {
    private static final System.Logger LOG = System.getLogger(RedisBinary.class.getName());
    public static final String AUTO = "auto";
    public static final String BUNDLED = "bundled";
    /** The oldest Redis whose ACL rules the embedded Redis is locked down with ({@code &*} came in 6.2). */
    private static final int[] OLDEST = {6, 2};

    private static final Pattern VERSION = Pattern.compile("\\bv=(\\d+)\\.(\\d+)\\.(\\d+)");

    /** Where the binary came from. */
    public enum Source {
        /** {@code redis-server} on the {@code PATH}. */
        SYSTEM,
        /** the path {@code EMBEDDED_REDIS_BINARY} names. */
        CONFIGURED,
        /** the 6.2 inside the embedded-redis artifact. */
        BUNDLED
    }

    /**
     * Picks the binary for a setting.
     *
     * @param setting    {@code auto}, {@code bundled} or a path
     * @param searchPath where {@code auto} looks for {@code redis-server}: the {@code PATH}, directories separated
     *                   by {@link File#pathSeparator}
     * @throws IOException when a configured path is no runnable redis-server of 6.2 or later
     */
    public static RedisBinary choose(String setting, String searchPath) throws IOException {
        String choice = setting == null || setting.isBlank() ? AUTO : setting.trim();
        if (choice.equals(BUNDLED)) {
            return bundled();
        }
        if (!choice.equals(AUTO)) {
            return configured(Path.of(choice));
        }
        Optional<Path> onPath = onSearchPath(searchPath == null ? "" : searchPath);
        if (onPath.isEmpty()) {
            RedisBinary bundled = bundled();
            LogEvent.warn(
                    LOG,
                    "embedded_redis.bundled_fallback",
                    "reason",
                    "no redis-server on the PATH",
                    "version",
                    bundled.version(),
                    "hint",
                    "the bundled Redis gets no security fixes: install the system's (apt-get install redis-server)");
            return bundled;
        }
        try {
            String version = versionOf(onPath.get());
            if (supported(version)) {
                return new RedisBinary(onPath.get(), version, Source.SYSTEM);
            }
            RedisBinary bundled = bundled();
            LogEvent.warn(
                    LOG,
                    "embedded_redis.bundled_fallback",
                    "reason",
                    "the system's redis-server " + onPath.get() + " is " + version + ", older than 6.2",
                    "version",
                    bundled.version());
            return bundled;
        } catch (IOException e) {
            RedisBinary bundled = bundled();
            LogEvent.warn(
                    LOG,
                    "embedded_redis.bundled_fallback",
                    "reason",
                    "the system's redis-server " + onPath.get() + " does not run: " + e.getMessage(),
                    "version",
                    bundled.version());
            return bundled;
        }
    }

    private static RedisBinary configured(Path path) throws IOException {
        if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
            throw new IOException("EMBEDDED_REDIS_BINARY='" + path + "' is not an executable file (set it to auto, "
                    + "bundled, or the path of a redis-server)");
        }
        String version = versionOf(path);
        if (!supported(version)) {
            throw new IOException("EMBEDDED_REDIS_BINARY='" + path + "' is Redis " + version
                    + "; the embedded Redis needs 6.2 or later (its ACL rules)");
        }
        return new RedisBinary(path, version, Source.CONFIGURED);
    }

    private static RedisBinary bundled() throws IOException {
        Path extracted = ExecutableProvider.newJarResourceProvider().get().toPath();
        String version = versionOf(extracted);
        if (!supported(version)) {
            // the artifact's Windows build is a 5.0
            throw new IOException("the redis-server bundled for this system is " + version
                    + ", older than 6.2: install a redis-server and set EMBEDDED_REDIS_BINARY to its path");
        }
        return new RedisBinary(extracted, version, Source.BUNDLED);
    }

    private static Optional<Path> onSearchPath(String searchPath) {
        for (String directory : searchPath.split(Pattern.quote(File.pathSeparator))) {
            if (directory.isBlank()) {
                continue;
            }
            Path candidate = Path.of(directory, "redis-server");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Asks the binary: {@code redis-server --version} prints {@code Redis server v=7.0.15 sha=… bits=64 …}. */
    static String versionOf(Path binary) throws IOException {
        Process process = new ProcessBuilder(binary.toString(), "--version")
                .redirectErrorStream(true)
                .start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(binary + " --version did not finish");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted asking " + binary + " for its version", e);
        }
        Matcher matcher = VERSION.matcher(output);
        if (!matcher.find()) {
            throw new IOException(binary + " --version did not name a Redis version: " + output.strip());
        }
        return matcher.group(1) + "." + matcher.group(2) + "." + matcher.group(3);
    }

    static boolean supported(String version) {
        String[] parts = version.split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = Integer.parseInt(parts[1]);
        return major > OLDEST[0] || major == OLDEST[0] && minor >= OLDEST[1];
    }
}
