package io.productscanner.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The job wait is computed from the scripts' timestamps, read by hand for speed: it must agree with Instant. */
class MetricsTimestampTest {
    @Test
    void theScriptsTimestampsReadTheSameAsInstantParse() {
        for (String stamp : List.of(
                "2026-11-29T08:37:27.123Z",
                "1970-01-01T00:00:00.000Z",
                "2024-02-29T23:59:59.999Z",
                "2100-03-01T00:00:00.001Z",
                "2000-12-31T12:30:05.050Z")) {
            assertEquals(Instant.parse(stamp).toEpochMilli(), ScannerMetrics.epochMillis(stamp), stamp);
        }
    }

    @Test
    void otherFormsGoToInstantParseAndNonsenseIsRefused() {
        assertEquals(
                Instant.parse("2026-11-29T08:37:27Z").toEpochMilli(),
                ScannerMetrics.epochMillis("2026-11-29T08:37:27Z"));
        assertEquals(
                Instant.parse("2026-11-29T08:37:27.123456Z").toEpochMilli(),
                ScannerMetrics.epochMillis("2026-11-29T08:37:27.123456Z"));
        assertThrows(DateTimeParseException.class, () -> ScannerMetrics.epochMillis("2026-13-29T08:37:27.123Z"));
    }
}
