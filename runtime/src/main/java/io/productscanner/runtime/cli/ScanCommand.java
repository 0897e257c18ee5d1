package io.productscanner.runtime.cli;

import io.productscanner.runtime.config.Settings;
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
import java.util.Map;

/**
 * {@code scan <url> [--evidence-dir DIR]}: scans one product in this process and prints its snapshot as JSON. Any
 * snapshot, not_found included, exits 0; a URL no plugin accepts or a failed scan exits non-zero with a message.
 * A parse failure's evidence (what the site sent) is written to {@code DIR} when given, else only named.
 */
public final class ScanCommand {
    private ScanCommand() {
    }

    private static final String USAGE = "usage: product-scanner scan <product-url> [--evidence-dir DIR]";

    public static int run(Settings settings, String[] args, PrintStream out, PrintStream err) {
        Path evidenceDir = null;
        if (args.length == 3 && args[1].equals("--evidence-dir") && !args[2].isBlank()) {
            evidenceDir = Path.of(args[2]);
        } else if (args.length != 1) {
            err.println(USAGE);
            return 2;
        }
        URI url;
        try {
            url = new URI(args[0].trim());
        } catch (URISyntaxException e) {
            err.println("not a valid URL: " + args[0] + " (" + e.getReason() + ")");
            return 2;
        }
        try (PluginRegistry plugins = PluginRegistry.load(PluginsConfig.from(settings).servingEvery(),
                settings)) {
            PlatformPlugin plugin = plugins.forUrl(url).orElse(null);
            if (plugin == null) {
                // mixed plugins (extract) scan through the platforms and are no answer here
                err.println("no plugin accepts " + url + "; loaded platforms: " + String.join(", ",
                        plugins.platforms().stream().map(PlatformPlugin::id).toList()));
                return 2;
            }
            ProductScanner scanner = plugins.scanner(plugin);
            ProductSnapshot snapshot = scanner.scan(url);
            out.println(Json.write(SnapshotJson.write(snapshot)));
            return 0;
        } catch (ScanException e) {
            err.println("scan failed (" + e.kind().wireName() + (e.retryable() ? ", may succeed if retried" : "")
                    + "): " + e.getMessage());
            reportEvidence(e.evidence(), evidenceDir, err);
            return 1;
        }
    }

    /** Writes what the site sent to {@code dir}, or names it and how to keep it. */
    private static void reportEvidence(List<ScanEvidence> evidence, Path dir, PrintStream err) {
        if (evidence.isEmpty()) {
            return;
        }
        if (dir == null) {
            err.println("what the site sent was kept (" + String.join(", ", evidence.stream().map(ScanEvidence::name)
                    .toList()) + "): add --evidence-dir DIR to save it");
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
