package io.productscanner.runtime.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.config.SettingsException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The queue's leases, retries, retention and bound, each refused at start-up when out of range. */
class QueuePolicyFromSettingsTest {
    @Test
    void theSettingsAreRead() {
        QueuePolicy config = QueuePolicy.from(Settings.of(Map.of(
                "LOCK_TTL_MS",
                "5000",
                "JOB_RETENTION_SECONDS",
                "3600",
                "MAX_ATTEMPTS",
                "5",
                "RETRY_BACKOFF_MS",
                "250",
                "MAX_QUEUED_JOBS_PER_PLATFORM",
                "0")));

        assertEquals(new QueuePolicy(Duration.ofSeconds(5), Duration.ofHours(1), 5, Duration.ofMillis(250), 0), config);
    }

    @Test
    void valuesOutOfRangeStopStartUpNamingTheVariable() {
        assertEquals("MAX_ATTEMPTS='0' is not valid: must be at least 1", refusal("MAX_ATTEMPTS", "0"));
        assertEquals(
                "LOCK_TTL_MS='-1' is not valid: must be a positive number of milliseconds",
                refusal("LOCK_TTL_MS", "-1"));
        assertEquals(
                "RETRY_BACKOFF_MS='0' is not valid: must be a positive number of milliseconds",
                refusal("RETRY_BACKOFF_MS", "0"));
        assertEquals(
                "MAX_QUEUED_JOBS_PER_PLATFORM='-1' is not valid: must be 0 or more",
                refusal("MAX_QUEUED_JOBS_PER_PLATFORM", "-1"));
        assertEquals(
                "JOB_RETENTION_SECONDS='0' is not valid: must be a positive number of seconds",
                refusal("JOB_RETENTION_SECONDS", "0"));
        assertEquals(
                "JOB_RETENTION_SECONDS='a week' is not valid: For input string: \"a week\"",
                refusal("JOB_RETENTION_SECONDS", "a week"));
    }

    private static String refusal(String name, String value) {
        return assertThrows(SettingsException.class, () -> QueuePolicy.from(Settings.of(Map.of(name, value))))
                .getMessage();
    }
}
