package io.productscanner.e2e;

import io.productscanner.mirror.SiteMirror;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code serve} as a newcomer runs it (API and workers in one process, on an embedded Redis of its own) with the
 * site mirror serving a folder of recorded answers: what a test class starts once and closes at the end.
 */
final class MirroredServe implements AutoCloseable {
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
            Map<String, String> all = new HashMap<>(Map.of("PORT", Integer.toString(port),
                    "EMBEDDED_REDIS_PORT", Integer.toString(ScannerProcessHandle.freePort()),
                    "DATA_DIR", work.resolve("data").toString(), "RESULTS_DIR", work.resolve("results").toString(),
                    "SCANNER_SITE_MIRROR", mirror.url().toString()));
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
}
