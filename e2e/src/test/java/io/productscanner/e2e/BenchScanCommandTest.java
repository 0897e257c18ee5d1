package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A small run of {@code product-scanner bench scan} per API platform, so the benchmark keeps working. */
class BenchScanCommandTest {
    private static final String FIXTURES = System.getProperty("fixtures.dir", "../fixtures/mirror");

    @ParameterizedTest
    @ValueSource(strings = {"hwahae", "musinsa", "zigzag"})
    void scansTheRecordedProductsAndPrintsAJsonLine(String platform) throws Exception {
        var run = ScannerProcessHandle.run(
                Map.of(),
                Duration.ofSeconds(120),
                "bench",
                "scan",
                "--platform",
                platform,
                "--products",
                "12",
                "--pacing",
                "off",
                "--fixtures",
                FIXTURES);

        assertEquals(0, run.exitCode(), run.output());
        String[] lines = run.output().strip().split("\n");
        JsonNode result = Api.JSON.readTree(lines[lines.length - 1]);
        assertEquals("scan", result.path("benchmark").asText());
        assertEquals(platform, result.path("platform").asText());
        assertEquals("off", result.path("pacing").asText());
        assertEquals(12, result.path("products").asInt());
        assertTrue(result.path("products_per_second").asDouble() > 0, result.toString());
        int snapshots = 0;
        for (var outcome : result.path("outcomes").properties()) {
            assertTrue(outcome.getKey().startsWith("snapshot:"), result.toString());
            snapshots += outcome.getValue().asInt();
        }
        assertEquals(12, snapshots, result.toString());
        int requestsPerProduct = platform.equals("zigzag") ? 2 : 1;
        assertEquals(12L * requestsPerProduct, result.path("http_requests").asLong(), result.toString());
        assertTrue(run.output().contains("products_per_second"), "the table: " + run.output());
    }

    @Test
    void badOptionsAreRefusedWithUsage() throws Exception {
        var run = ScannerProcessHandle.run(
                Map.of(),
                Duration.ofSeconds(60),
                "bench",
                "scan",
                "--platform",
                "hwahae",
                "--pacing",
                "fast",
                "--fixtures",
                FIXTURES);

        assertEquals(2, run.exitCode(), run.output());
        assertTrue(run.output().contains("--pacing default or off"), run.output());
        assertTrue(run.output().contains("usage: product-scanner bench scan"), run.output());
    }

    @Test
    void anUnknownPlatformNamesTheAvailableOnes() throws Exception {
        var run = ScannerProcessHandle.run(
                Map.of(),
                Duration.ofSeconds(60),
                "bench",
                "scan",
                "--platform",
                "nosuch",
                "--fixtures",
                FIXTURES,
                "--urls",
                FIXTURES + "/../bench/hwahae.txt");

        assertTrue(run.exitCode() != 0, run.output());
        assertTrue(run.output().contains("nosuch") && run.output().contains("hwahae"), run.output());
    }
}
