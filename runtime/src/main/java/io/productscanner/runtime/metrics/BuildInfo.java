package io.productscanner.runtime.metrics;

import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.productscanner.runtime.version.ProductVersion;

/**
 * {@code scanner_build_info{version, revision, java} 1}: which build and JVM each scraped process runs, the usual
 * Prometheus info metric, so a dashboard can show a roll-out and join it onto other series.
 */
final class BuildInfo {
    static final String NAME = "scanner_build_info";

    private BuildInfo() {}

    static void register(MeterRegistry registry, ProductVersion build) {
        registry.getOrCreate(Gauge.builder(NAME, () -> 1)
                .description("The build this process runs: version, git revision (unknown without git), Java version")
                .addTag(Tag.create("version", build.version()))
                .addTag(Tag.create("revision", build.revision().orElse("unknown")))
                .addTag(Tag.create("java", System.getProperty("java.version"))));
    }
}
