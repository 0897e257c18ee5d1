package io.productscanner.runtime.cli;

import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.json.SnapshotJson;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.plugin.PluginsConfig;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.ScanEvidence;
import io.productscanner.spi.ScanException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scan <url> [--evidence-dir DIR]}: scans one product in this process and prints its snapshot as JSON. Any
 * snapshot, not_found included, exits 0; a URL no plugin accepts or a failed scan exits non-zero with a message.
 * A parse failure's evidence (what the site sent) is written to {@code DIR} when given, else only named.
 */
@Command(
        name = "scan",
        description = "Scan one product in this process and print its snapshot as JSON: exit 0 "
                + "for any snapshot (not_found included), 1 with a message when the scan failed.")
public final class ScanCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "A product page of a loaded platform.")
    private String url;

    @Option(
            names = "--evidence-dir",
            paramLabel = "DIR",
            description = "Where a parse failure's evidence (what "
                    + "the site sent) is written; without it the evidence is only named.")
    private Path evidenceDir;

    @Override
    public Integer call() {
        CliContext context = CliContext.of(spec);
        PrintStream out = context.out();
        PrintStream err = context.err();
        URI product;
        try {
            product = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "not a valid URL: " + url + " (" + e.getReason() + ")");
        }
        try (PluginRegistry plugins =
                PluginRegistry.load(PluginsConfig.from(context.settings()).servingEvery(), context.settings())) {
            PlatformPlugin plugin = plugins.forUrl(product).orElse(null);
            if (plugin == null) {
                // mixed plugins (extract) scan through the platforms and are no answer here
                throw new ParameterException(
                        spec.commandLine(),
                        "no plugin accepts " + product
                                + "; loaded platforms: "
                                + String.join(
                                        ", ",
                                        plugins.platforms().stream()
                                                .map(PlatformPlugin::id)
                                                .toList()));
            }
            ProductScanner scanner = plugins.scanner(plugin);
            ProductSnapshot snapshot = scanner.scan(product);
            out.println(Json.write(SnapshotJson.write(snapshot)));
            return CliFailure.OK;
        } catch (ScanException e) {
            err.println("scan failed (" + e.kind().wireName() + (e.retryable() ? ", may succeed if retried" : "")
                    + "): " + e.getMessage());
            reportEvidence(e.evidence(), evidenceDir, err);
            return CliFailure.FAILED;
        }
    }

    /** Writes what the site sent to {@code dir}, or names it and how to keep it. */
    private static void reportEvidence(List<ScanEvidence> evidence, Path dir, PrintStream err) {
        if (evidence.isEmpty()) {
            return;
        }
        if (dir == null) {
            err.println("what the site sent was kept ("
                    + String.join(
                            ", ", evidence.stream().map(ScanEvidence::name).toList())
                    + "): add --evidence-dir DIR to save it");
            return;
        }
        try {
            Files.createDirectories(dir);
            for (ScanEvidence item : evidence) {
                Path file = dir.resolve(item.name());
                Files.write(file, item.content());
                err.println("evidence: " + file + " (" + item.mediaType() + ", " + item.content().length + " bytes"
                        + (item.source() == null ? "" : ", from " + item.source()) + ")");
            }
        } catch (IOException e) {
            err.println("cannot write the evidence to " + dir + ": " + e.getMessage());
        }
    }
}
