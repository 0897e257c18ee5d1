package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CI smoke runs of every benchmark at small sizes, through the distribution's command line: each must finish,
 * print its table and end with one JSON line holding its figures. The figures are printed (as {@code bench:}
 * lines), never compared with a target: timings on a shared CI machine say nothing.
 */
class BenchSmokeTest {
    private static final Path FIXTURES =
            Path.of(System.getProperty("fixtures.dir", "../fixtures/mirror")).toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Short leases and polls, so a recovery smoke run takes seconds, not the default lease. */
    private static final Map<String, String> QUICK_RECOVERY = Map.of("LOCK_TTL_MS", "2000", "POLL_INTERVAL_MS", "200");

    private static JsonNode bench(Map<String, String> env, String... args) throws Exception {
        ScannerProcessHandle.Finished finished = ScannerProcessHandle.run(env, Duration.ofMinutes(5), args);
        assertEquals(0, finished.exitCode(), finished.output());
        List<String> lines =
                finished.output().lines().filter(line -> !line.isBlank()).toList();
        JsonNode figures = JSON.readTree(lines.getLast());
        assertEquals(args[1], figures.path("benchmark").asText(), "the last line is the benchmark's JSON");
        assertTrue(finished.output().contains("metric"), "a table comes before the JSON line:\n" + finished.output());
        System.out.println("bench: " + lines.getLast());
        return figures;
    }

    @Test
    void benchQueueCountsCommandsAndRoundTripsPerJobAndMeasuresTheWait() throws Exception {
        JsonNode figures = bench(Map.of(), "bench", "queue", "--jobs", "400", "--platforms", "4", "--wait-jobs", "30");
        assertEquals(400, figures.path("jobs").asInt());
        assertTrue(figures.path("redis_commands_per_job").asDouble() > 0, figures.toString());
        assertTrue(figures.path("round_trips_per_job").asDouble() > 0, figures.toString());
        assertTrue(figures.has("wait_ms_p99"), figures.toString());
        assertTrue(figures.path("peak_rss_mb").asDouble() > 0, figures.toString());
    }

    @Test
    void benchRecoveryKillsAWorkerMidJobAndTimesTheTakeOver() throws Exception {
        // METRICS_PORT set as an operator's shell might have it: the two workers started must not both take it
        Map<String, String> env = new HashMap<>(QUICK_RECOVERY);
        env.put("METRICS_PORT", Integer.toString(ScannerProcessHandle.freePort()));
        JsonNode figures = bench(env, "bench", "recovery", "--runs", "1", "--mirror-dir", FIXTURES.toString());
        assertEquals(1, figures.path("runs").asInt());
        assertTrue(figures.path("recovery_ms_median").isNumber(), figures.toString());
        assertEquals("2000", figures.path("lock_ttl_ms").asText());
    }

    @Test
    void benchMemoryReadsTheWorkersResidentMemoryIdleAndBusy() throws Exception {
        JsonNode figures = bench(
                Map.of(),
                "bench",
                "memory",
                "--platform",
                "musinsa",
                "--jobs",
                "2",
                "--products",
                "3",
                "--mirror-dir",
                FIXTURES.toString());
        assertTrue(figures.path("idle_rss_mb").asDouble() > 0, figures.toString());
        assertTrue(figures.path("busy_rss_mb_peak").asDouble() > 0, figures.toString());
    }

    @Test
    void benchStartupTimesTheApiAndAWorkerToReady() throws Exception {
        JsonNode figures = bench(Map.of(), "bench", "startup", "--runs", "1");
        assertTrue(figures.path("api_ready_ms_median").asLong() > 0, figures.toString());
        assertTrue(figures.path("worker_ready_ms_median").asLong() > 0, figures.toString());
    }

    @Test
    void aBenchmarkRefusesAnUnknownOptionOrPlatformWithAMessage() throws Exception {
        ScannerProcessHandle.Finished unknown =
                ScannerProcessHandle.run(Map.of(), Duration.ofMinutes(1), "bench", "queue", "--jobz", "5");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.output().contains("unknown option '--jobz'"), unknown.output());
        ScannerProcessHandle.Finished noUrl = ScannerProcessHandle.run(
                Map.of(),
                Duration.ofMinutes(1),
                "bench",
                "memory",
                "--platform",
                "kurly",
                "--mirror-dir",
                FIXTURES.toString());
        assertEquals(2, noUrl.exitCode());
        assertTrue(noUrl.output().contains("--product-url is needed for platform 'kurly'"), noUrl.output());
        ScannerProcessHandle.Finished unknownBench =
                ScannerProcessHandle.run(Map.of(), Duration.ofMinutes(1), "bench", "nothing");
        assertEquals(2, unknownBench.exitCode());
        assertTrue(unknownBench.output().contains("usage: product-scanner bench"), unknownBench.output());
    }
}
