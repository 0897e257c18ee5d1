package io.productscanner.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A scan that produced no snapshot. A product that no longer exists is not a failure: it is a NOT_FOUND snapshot.
 * A failure may carry {@linkplain #evidence() evidence}: what the site sent, for whoever fixes the reader.
 */
public class ScanException extends Exception {
    private final FailureKind kind;
    private final List<ScanEvidence> evidence = new ArrayList<>();

    public ScanException(FailureKind kind, String message) {
        this(kind, message, null);
    }

    public ScanException(FailureKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public FailureKind kind() {
        return kind;
    }

    /** Attaches what the site sent; returns this failure, to be thrown. */
    public ScanException withEvidence(ScanEvidence item) {
        synchronized (evidence) {
            evidence.add(Objects.requireNonNull(item, "item"));
        }
        return this;
    }

    /** What the site sent for this failure, in the order it was attached; empty when nothing was kept. */
    public List<ScanEvidence> evidence() {
        synchronized (evidence) {
            return List.copyOf(evidence);
        }
    }

    /** Whether trying the same product again later may succeed. */
    public boolean retryable() {
        return kind.retryable();
    }
}
