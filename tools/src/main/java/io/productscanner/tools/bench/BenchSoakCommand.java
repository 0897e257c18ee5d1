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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench soak --platform P --products N [--urls FILE] [--mirror-dir DIR]}: scans N products one after the
 * other through one plugin scanner (for a browser plugin: one browser, its pages and contexts rotating) against a
 * loopback site mirror, sampling the memory of the JVM and every process under it every 20 products. Prints
 * products per second and the peak RSS (and PSS) of the first, middle and last third of the run, then one JSON
 * line. Memory counts as flat when the last third's peak RSS is within 20% of the middle third's; exits 1 when it is
 * not, when it reaches 1.5 GB, or when a scan failed.
 */
@Command(
        name = "soak",
        description = {
            "N products one after another through one scanner (one browser for a "
                    + "browser plugin) against a loopback mirror: products/s and the peak memory of the JVM and every process "
                    + "under it in the first, middle and last third.",
            "Exit 1 when a scan failed, memory grew (end > middle + 20%) or reached 1.5 GB."
        })
public final class BenchSoakCommand extends Benchmark {
    private static final long LIMIT_BYTES = 1536L * 1024 * 1024;
    private static final int SAMPLE_EVERY = 20;

    @Option(names = "--platform", paramLabel = "P", required = true, description = "The plugin whose scanner runs.")
    String platform;

    @Option(
            names = "--products",
            paramLabel = "N",
            required = true,
            description = "Products scanned one after the other.")
    int products;

    @Option(
            names = "--urls",
            paramLabel = "FILE",
            description = "Product URLs, one a line (default fixtures/bench/P.txt).")
    Path urlsFile;

    @Mixin
    MirrorDirOption mirrorDir;

    @Override
    int run(Settings settings, PrintStream out, PrintStream err) throws Exception {
        if (products < 1) {
            throw usage("--products must be at least 1");
        }
        List<URI> urls = readUrls(urlsFile != null ? urlsFile : Path.of("fixtures/bench", platform + ".txt"));
        try (SiteMirror mirror = SiteMirror.start(mirrorDir.directory(), 0);
                PluginRegistry plugins = PluginRegistry.load(
                        PluginsConfig.from(settings).servingOnly(platform),
                        settings.with(Map.of("SCANNER_SITE_MIRROR", mirror.url().toString())))) {
            String wanted = platform;
            PlatformPlugin plugin = plugins.served().stream()
                    .filter(p -> p.id().equals(wanted))
                    .findFirst()
                    .orElseThrow();
            ProductScanner scanner = plugins.scanner(plugin);
            return soak(plugin, scanner, urls, products, out);
        }
    }

    private static int soak(
            PlatformPlugin plugin, ProductScanner scanner, List<URI> urls, int products, PrintStream out) {
        List<ProcessTreeMemory> samples = new ArrayList<>();
        int failures = 0;
        String firstFailure = null;
        long started = System.nanoTime();
        for (int i = 0; i < products; i++) {
            try {
                scanner.scan(urls.get(i % urls.size()));
            } catch (ScanException e) {
                failures++;
                firstFailure = firstFailure == null ? e.kind().wireName() + ": " + e.getMessage() : firstFailure;
            }
            if (i % SAMPLE_EVERY == 0 || i == products - 1) {
                samples.add(ProcessTreeMemory.now());
            }
            if ((i + 1) % 250 == 0) {
                ProcessTreeMemory last = samples.getLast();
                out.printf(
                        "%6d products  %6.1f s  RSS %7.1f MB  PSS %7.1f MB  in %d processes%n",
                        i + 1,
                        (System.nanoTime() - started) / 1e9,
                        mb(last.residentBytes()),
                        mb(last.proportionalBytes()),
                        last.processes());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int third = Math.max(1, samples.size() / 3);
        List<ProcessTreeMemory> first = samples.subList(0, third);
        List<ProcessTreeMemory> second = samples.subList(third, Math.max(third + 1, 2 * third));
        List<ProcessTreeMemory> last = samples.subList(Math.min(samples.size() - 1, 2 * third), samples.size());
        long start = peak(first, ProcessTreeMemory::residentBytes);
        long middle = peak(second, ProcessTreeMemory::residentBytes);
        long end = peak(last, ProcessTreeMemory::residentBytes);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "soak");
        result.put("platform", plugin.id());
        result.put("kind", plugin.kind().wireName());
        result.put("products", products);
        result.put("failures", failures);
        result.put("seconds", Math.round(seconds * 10) / 10.0);
        result.put("products_per_s", Math.round(products / seconds * 100) / 100.0);
        result.put("peak_rss_mb_start", mb(start));
        result.put("peak_rss_mb_middle", mb(middle));
        result.put("peak_rss_mb_end", mb(end));
        result.put("peak_pss_mb_start", mb(peak(first, ProcessTreeMemory::proportionalBytes)));
        result.put("peak_pss_mb_middle", mb(peak(second, ProcessTreeMemory::proportionalBytes)));
        result.put("peak_pss_mb_end", mb(peak(last, ProcessTreeMemory::proportionalBytes)));
        result.put("processes_end", samples.getLast().processes());
        result.put("end_vs_middle_pct", Math.round((end - middle) * 1000.0 / middle) / 10.0);
        result.put("flat", end <= middle * 1.2);
        result.put("under_1_5_gb", Math.max(start, Math.max(middle, end)) < LIMIT_BYTES);
        if (firstFailure != null) {
            result.put("first_failure", firstFailure);
        }
        out.printf("%-22s %10s%n", "metric", "value");
        result.forEach((key, value) -> out.printf("%-22s %10s%n", key, value));
        out.println(Json.write(result));
        return failures == 0 && end <= middle * 1.2 && end < LIMIT_BYTES ? 0 : 1;
    }

    private List<URI> readUrls(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw usage("no product URL list at " + file.toAbsolutePath() + " (--urls FILE: one product URL a line)");
        }
        List<URI> urls = Files.readAllLines(file).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(URI::create)
                .toList();
        if (urls.isEmpty()) {
            throw usage(file + " lists no product URL");
        }
        return urls;
    }

    private static long peak(List<ProcessTreeMemory> samples, ToLongFunction<ProcessTreeMemory> measure) {
        return samples.stream().mapToLong(measure).max().orElse(0);
    }

    private static double mb(long bytes) {
        return Math.round(bytes / 1024.0 / 1024.0 * 10) / 10.0;
    }
}
