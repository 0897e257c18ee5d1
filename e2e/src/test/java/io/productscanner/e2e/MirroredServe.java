package io.productscanner.e2e;

import io.productscanner.mirror.SiteMirror;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code serve} as a newcomer runs it (API and workers in one process, on an embedded Redis of its own) with the
 * site mirror serving a folder of recorded answers: what a test class starts once and closes at the end.
 */
final class MirroredServe implements AutoCloseable {
    /** The recorded answers Maven passes as {@code fixtures.dir}, or fixtures/mirror beside the e2e module. */
    static final Path FIXTURES = Path.of(System.getProperty("fixtures.dir", "../fixtures/mirror"));

    private final SiteMirror mirror;
    private final ScannerProcessHandle server;
    private final int port;
    private final Api api;

    private MirroredServe(SiteMirror mirror, ScannerProcessHandle server, int port) {
        this.mirror = mirror;
        this.server = server;
        this.port = port;
        this.api = new Api(port);
    }

    /**
     * Starts the mirror over {@code mirrorDir}, then {@code serve} with its data and results under {@code work} and
     * {@code env} added (platforms, pacing, ...), and waits until the API is healthy.
     */
    static MirroredServe start(Path mirrorDir, Path work, Map<String, String> env) throws Exception {
        SiteMirror mirror = SiteMirror.start(mirrorDir, 0);
        int port;
        ScannerProcessHandle server;
        try {
            port = ScannerProcessHandle.freePort();
            Map<String, String> all = new HashMap<>(Map.of(
                    "PORT",
                    Integer.toString(port),
                    "EMBEDDED_REDIS_PORT",
                    Integer.toString(ScannerProcessHandle.freePort()),
                    "DATA_DIR",
                    work.resolve("data").toString(),
                    "RESULTS_DIR",
                    work.resolve("results").toString(),
                    "SCANNER_SITE_MIRROR",
                    mirror.url().toString()));
            all.putAll(env);
            server = ScannerProcessHandle.start(all, "serve");
        } catch (Exception | Error e) {
            mirror.close();
            throw e;
        }
        MirroredServe serving = new MirroredServe(mirror, server, port);
        try {
            serving.api.awaitHealthy(server, Duration.ofSeconds(60));
        } catch (Exception | Error e) {
            serving.close();
            throw e;
        }
        return serving;
    }

    SiteMirror mirror() {
        return mirror;
    }

    ScannerProcessHandle server() {
        return server;
    }

    Api api() {
        return api;
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            mirror.close();
        }
    }

    /**
     * {@code serve} over {@link #FIXTURES} with {@code env} added, for one test class: register it as
     * {@code @RegisterExtension static final MirroredServe.ForClass serving = MirroredServe.forClass(...)}; it starts
     * before the class's tests, in a work folder of its own, and stops and removes that folder after them.
     */
    static ForClass forClass(Map<String, String> env) {
        return new ForClass(env);
    }

    static final class ForClass implements BeforeAllCallback, AfterAllCallback {
        private final Map<String, String> env;
        private Path work;
        private MirroredServe serving;

        private ForClass(Map<String, String> env) {
            this.env = Map.copyOf(env);
        }

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            work = Files.createTempDirectory("mirrored-serve-");
            serving = start(FIXTURES, work, env);
        }

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            try {
                if (serving != null) {
                    serving.close();
                }
            } finally {
                deleteRecursively(work);
            }
        }

        /** The folder holding the process's data and results. */
        Path work() {
            return work;
        }

        SiteMirror mirror() {
            return serving.mirror();
        }

        ScannerProcessHandle server() {
            return serving.server();
        }

        Api api() {
            return serving.api();
        }

        int port() {
            return serving.port();
        }

        private static void deleteRecursively(Path folder) throws IOException {
            if (folder == null) {
                return;
            }
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
