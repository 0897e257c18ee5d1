package io.productscanner.tools.bench;

import io.productscanner.mirror.SiteMirror;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.plugin.PluginsConfig;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ScanException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench scan --platform P [--products N] [--pacing default|off] [--fixtures DIR] [--urls FILE]}: scan
 * throughput of one platform's real plugin scanner (HTTP client, interceptors, parsing) against a site mirror of the
 * recorded fixtures started in this process. N products are scanned one after another, cycling through the URLs in
 * {@code fixtures/bench/{platform}.txt}, after one warm-up scan that is not counted. {@code --pacing off} sets
 * {@code {PLATFORM}_PACING_MS=0}; {@code default} keeps the plugin's pacing. Prints a table, then one JSON line.
 */
@Command(
        name = "scan",
        description = "Products/s of one plugin's real scanner against a site mirror of the "
                + "recorded fixtures, cycling through the URLs in fixtures/bench/P.txt.")
public final class BenchScanCommand extends Benchmark {
    @Option(names = "--platform", paramLabel = "P", required = true, description = "The plugin whose scanner runs.")
    String platform;

    @Option(
            names = "--products",
            paramLabel = "N",
            defaultValue = "50",
            description = "Products scanned, after one warm-up scan (default ${DEFAULT-VALUE}).")
    int products;

    @Option(
            names = "--pacing",
            paramLabel = "default|off",
            defaultValue = "default",
            description = "off sets {PLATFORM}_PACING_MS=0; default keeps the plugin's pacing.")
    String pacing;

    @Option(
            names = "--fixtures",
            paramLabel = "DIR",
            defaultValue = "fixtures/mirror",
            description = "The recorded answers the site mirror serves (default ${DEFAULT-VALUE}).")
    Path fixtures;

    @Option(
            names = "--urls",
            paramLabel = "FILE",
            description = "Product URLs, one a line (default: bench/P.txt beside the fixtures folder).")
    Path urlsFile;

    @Override
    int run(Settings settings, PrintStream out, PrintStream err) throws IOException {
        if (products < 1 || !(pacing.equals("default") || pacing.equals("off"))) {
            throw usage("--products must be at least 1 and --pacing default or off");
        }
        if (urlsFile == null) {
            urlsFile = fixtures.resolveSibling("bench").resolve(platform + ".txt");
        }
        if (!Files.isRegularFile(urlsFile)) {
            throw usage("no product URL list for " + platform + " at " + urlsFile.toAbsolutePath()
                    + " (one URL a line; pass --urls FILE)");
        }
        List<URI> urls = Files.readAllLines(urlsFile).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(URI::create)
                .toList();
        if (urls.isEmpty()) {
            throw usage(urlsFile + " lists no product URLs");
        }

        try (SiteMirror mirror = SiteMirror.start(fixtures, 0)) {
            Map<String, String> overrides = new LinkedHashMap<>();
            overrides.put("SCANNER_SITE_MIRROR", mirror.url().toString());
            if (pacing.equals("off")) {
                overrides.put(platform.toUpperCase(Locale.ROOT) + "_PACING_MS", "0");
            }
            try (PluginRegistry plugins =
                    PluginRegistry.load(PluginsConfig.from(settings).servingOnly(platform), settings.with(overrides))) {
                PlatformPlugin plugin = plugins.find(platform).orElseThrow();
                for (URI url : urls) {
                    if (!plugin.matches(url)) {
                        throw usage(urlsFile + ": " + url + " is not a " + platform + " product URL");
                    }
                }
                ProductScanner scanner = plugins.scanner(plugin);
                Map<String, Integer> outcomes = new TreeMap<>();
                scanOnce(scanner, urls.getFirst(), outcomes);
                outcomes.clear();
                mirror.resetCounts();

                long[] nanos = new long[products];
                long start = System.nanoTime();
                for (int i = 0; i < products; i++) {
                    long scanStart = System.nanoTime();
                    scanOnce(scanner, urls.get(i % urls.size()), outcomes);
                    nanos[i] = System.nanoTime() - scanStart;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long requests = mirror.requestCounts().values().stream()
                        .mapToLong(Long::longValue)
                        .sum();
                Arrays.sort(nanos);

                Map<String, Object> result = new LinkedHashMap<>();
                result.put("benchmark", "scan");
                result.put("platform", platform);
                result.put("pacing", pacing);
                result.put("products", products);
                result.put("distinct_urls", urls.size());
                result.put("seconds", round(seconds));
                result.put("products_per_second", round(products / seconds));
                result.put("scan_ms_p50", round(percentile(nanos, 0.50) / 1e6));
                result.put("scan_ms_p99", round(percentile(nanos, 0.99) / 1e6));
                result.put("http_requests", requests);
                result.put("outcomes", outcomes);
                out.printf("%-22s %24s%n", "metric", "value");
                result.forEach((k, v) -> out.printf("%-22s %24s%n", k, v));
                out.println(Json.write(result));
                return outcomes.keySet().stream().allMatch(outcome -> outcome.startsWith("snapshot:")) ? 0 : 1;
            }
        }
    }

    /** Scans one product and counts its outcome: {@code snapshot:on_sale}, or {@code failure:parse} etc. */
    private static void scanOnce(ProductScanner scanner, URI url, Map<String, Integer> outcomes) {
        String outcome;
        try {
            outcome = "snapshot:" + scanner.scan(url).saleStatus().wireName();
        } catch (ScanException e) {
            outcome = "failure:" + e.kind().wireName();
        }
        outcomes.merge(outcome, 1, Integer::sum);
    }

    private static long percentile(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
