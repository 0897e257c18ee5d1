package io.productscanner.runtime.cli;

import io.productscanner.mirror.SiteMirror;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code mirror [--dir DIR] [--port PORT]}: serves recorded pages and API answers on loopback, so a job can run
 * offline with {@code SCANNER_SITE_MIRROR=http://127.0.0.1:PORT}.
 */
public final class MirrorCommand {
    private MirrorCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        Path dir = Path.of("fixtures/mirror");
        int port = 8089;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(value(args, ++i, "--dir"));
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                default -> {
                    err.println("unknown option " + args[i] + "; usage: product-scanner mirror [--dir DIR] [--port PORT]");
                    return 2;
                }
            }
        }
        try (SiteMirror mirror = SiteMirror.start(dir, port)) {
            out.println("site mirror of " + dir.toAbsolutePath() + " on " + mirror.url()
                    + " (export SCANNER_SITE_MIRROR=" + mirror.url() + ")");
            new CountDownLatch(1).await();
        }
        return 0;
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}
