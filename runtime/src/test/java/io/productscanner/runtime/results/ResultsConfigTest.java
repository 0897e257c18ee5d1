package io.productscanner.runtime.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.config.SettingsException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RESULTS_DIR and the evidence limits. */
class ResultsConfigTest {
    @Test
    void theSettingsAreRead() {
        ResultsConfig config = ResultsConfig.from(Settings.of(
                Map.of("RESULTS_DIR", "/srv/results", "EVIDENCE_MAX_BYTES", "1024", "EVIDENCE_MAX_PRODUCTS", "0")));

        assertEquals(new ResultsConfig(Path.of("/srv/results"), 1024, 0), config);
    }

    @Test
    void limitsOutOfRangeStopStartUpNamingTheVariable() {
        assertEquals(
                "EVIDENCE_MAX_BYTES='0' is not valid: must be positive",
                assertThrows(
                                SettingsException.class,
                                () -> ResultsConfig.from(Settings.of(Map.of("EVIDENCE_MAX_BYTES", "0"))))
                        .getMessage());
        assertEquals(
                "EVIDENCE_MAX_PRODUCTS='-1' is not valid: must be 0 or more",
                assertThrows(
                                SettingsException.class,
                                () -> ResultsConfig.from(Settings.of(Map.of("EVIDENCE_MAX_PRODUCTS", "-1"))))
                        .getMessage());
    }
}
