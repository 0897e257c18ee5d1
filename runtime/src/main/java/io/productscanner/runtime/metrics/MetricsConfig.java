package io.productscanner.runtime.metrics;

import io.productscanner.runtime.config.Setting;
import io.productscanner.runtime.config.Settings;

/**
 * Where a {@code worker} process, which runs no API, serves {@code /observe/metrics} and {@code /observe/health}.
 *
 * @param host {@code HOST}, else every interface: scrapers reach workers from outside, and metrics hold no jobs
 * @param port {@code METRICS_PORT}, 0 for any free port
 */
public record MetricsConfig(String host, int port) {
    private static final String ALL_INTERFACES = "0.0.0.0";

    public static MetricsConfig from(Settings settings) {
        return new MetricsConfig(
                settings.optional(Setting.HOST).orElse(ALL_INTERFACES), settings.port(Setting.METRICS_PORT));
    }
}
