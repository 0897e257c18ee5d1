package io.productscanner.runtime.results;

import io.productscanner.runtime.config.Setting;
import io.productscanner.runtime.config.Settings;
import java.nio.file.Path;

/**
 * Where results files go and how much evidence of a parse failure is kept with them.
 *
 * @param dir                 {@code RESULTS_DIR}: a folder per day, kept after Redis expires the job
 * @param evidenceMaxBytes    {@code EVIDENCE_MAX_BYTES}: the most kept of one page, answer or screenshot
 * @param evidenceMaxProducts {@code EVIDENCE_MAX_PRODUCTS}: products per job whose parse failure keeps its
 *                            evidence; 0 keeps none
 */
public record ResultsConfig(Path dir, long evidenceMaxBytes, int evidenceMaxProducts) {
    public static ResultsConfig from(Settings settings) {
        return new ResultsConfig(
                settings.path(Setting.RESULTS_DIR),
                settings.value(Setting.EVIDENCE_MAX_BYTES, value -> {
                    long bytes = Long.parseLong(value);
                    if (bytes <= 0) {
                        throw new IllegalArgumentException("must be positive");
                    }
                    return bytes;
                }),
                settings.integer(Setting.EVIDENCE_MAX_PRODUCTS, 0));
    }
}
