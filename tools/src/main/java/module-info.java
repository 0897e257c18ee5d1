/**
 * Product Scanner's tools: the benchmarks ({@code bench}) with their process helpers, and the site mirror command
 * ({@code mirror}). They join the {@code product-scanner} command line as command extensions where this module is
 * on the module path (the distribution's {@code lib/tools}); production images leave it out.
 */
module productscanner.tools {
    requires productscanner.runtime;
    requires productscanner.spi;
    requires productscanner.sitemirror;
    requires info.picocli;
    requires lettuce.core;
    // Lettuce hands a Redis URI's credentials out as a Mono (the MONITOR connection of bench queue authenticates)
    requires reactor.core;
    requires com.fasterxml.jackson.databind;
    requires java.net.http;

    provides io.productscanner.runtime.cli.CommandExtension with
            io.productscanner.tools.bench.BenchCommand,
            io.productscanner.tools.mirror.MirrorCommand;

    // picocli creates the commands and sets their options by reflection
    opens io.productscanner.tools.bench to
            info.picocli;
    opens io.productscanner.tools.mirror to
            info.picocli;
}
