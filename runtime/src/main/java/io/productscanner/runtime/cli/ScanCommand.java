package io.productscanner.runtime.cli;

import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.json.SnapshotJson;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.ScanException;

import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * {@code scan <url>}: scans one product in this process and prints its snapshot as JSON. Any snapshot,
 * not_found included, exits 0; a URL no plugin accepts or a failed scan exits non-zero with a message.
 */
public final class ScanCommand {
    private ScanCommand() {
    }

    public static int run(Settings settings, String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            err.println("usage: product-scanner scan <product-url>");
            return 2;
        }
        URI url;
        try {
            url = new URI(args[0].trim());
        } catch (URISyntaxException e) {
            err.println("not a valid URL: " + args[0] + " (" + e.getReason() + ")");
            return 2;
        }
        try (PluginRegistry plugins = PluginRegistry.load(settings.with(Map.of("WORKER_PLATFORMS", "")))) {
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
            return 1;
        }
    }
}
