package io.productscanner.tools.mirror;

import io.productscanner.mirror.SiteMirror;
import io.productscanner.runtime.cli.CliContext;
import io.productscanner.runtime.cli.CliFailure;
import io.productscanner.runtime.cli.CommandExtension;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mirror [--dir DIR] [--host ADDRESS] [--port PORT]}: serves recorded pages and API answers (on loopback
 * unless told otherwise), so a job can run offline with {@code SCANNER_SITE_MIRROR=http://127.0.0.1:PORT}. Runs
 * until stopped.
 */
@Command(
        name = "mirror",
        description = {
            "Serve recorded fixtures on loopback for offline runs, until stopped.",
            "Point the scanners at it with SCANNER_SITE_MIRROR=http://127.0.0.1:PORT."
        })
public final class MirrorCommand implements Callable<Integer>, CommandExtension {
    @Spec
    private CommandSpec spec;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            defaultValue = "fixtures/mirror",
            description = "One folder per host of recorded answers (default ${DEFAULT-VALUE}).")
    private Path dir;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description = {
                "The address to listen on (default ${DEFAULT-VALUE}).",
                "0.0.0.0 serves other machines or containers, e.g. the compose file's mirror service."
            })
    private String host;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "8089",
            description = "The port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    private int port;

    @Override
    public Integer call() throws Exception {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "--host: unknown address '" + host + "'");
        }
        try (SiteMirror mirror = SiteMirror.start(dir, address, port)) {
            CliContext.of(spec)
                    .out()
                    .println("site mirror of " + dir.toAbsolutePath() + " on " + host + ":"
                            + mirror.url().getPort() + " (export SCANNER_SITE_MIRROR=" + mirror.url() + ")");
            new CountDownLatch(1).await();
        }
        return CliFailure.OK;
    }
}
