package io.productscanner.plugin.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.ScanEvidence;
import io.productscanner.spi.ScanException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Assertions on what a scanner answers. */
public final class SnapshotAssertions {
    private SnapshotAssertions() {}

    /** One scan, as the test under way makes it. */
    @FunctionalInterface
    public interface Scan {
        ProductSnapshot run() throws ScanException;
    }

    /**
     * Runs {@code scan} and asserts every field of its snapshot; {@code expected.scannedAt()} is ignored in favour of
     * "during the scan".
     */
    public static ProductSnapshot assertScan(ProductSnapshot expected, Scan scan) throws ScanException {
        Instant before = Instant.now();
        ProductSnapshot snapshot = scan.run();
        Instant after = Instant.now();

        assertFalse(snapshot.scannedAt().isBefore(before), "scannedAt " + snapshot.scannedAt() + " before the scan");
        assertFalse(snapshot.scannedAt().isAfter(after), "scannedAt " + snapshot.scannedAt() + " after the scan");
        assertEquals(expected.toBuilder().scannedAt(snapshot.scannedAt()).build(), snapshot);
        return snapshot;
    }

    /**
     * Asserts that {@code failure} carries one piece of evidence, the API answer read from {@code source} as
     * {@code answer.json}, holding {@code expectedText}.
     */
    public static void assertAnswerIsEvidence(ScanException failure, String source, String expectedText) {
        assertEquals(1, failure.evidence().size(), failure.evidence().toString());
        ScanEvidence answer = failure.evidence().getFirst();
        assertEquals("answer.json", answer.name());
        assertEquals(source, answer.source());
        assertTrue(
                new String(answer.content(), StandardCharsets.UTF_8).contains(expectedText),
                "evidence lacks " + expectedText);
    }

    /** Runs {@code scan}, asserts that it fails as {@code kind} and returns the failure for further checks. */
    public static ScanException assertScanFails(FailureKind kind, Scan scan) {
        ScanException failure = assertThrows(ScanException.class, scan::run);
        assertEquals(kind, failure.kind(), failure.getMessage());
        return failure;
    }
}
