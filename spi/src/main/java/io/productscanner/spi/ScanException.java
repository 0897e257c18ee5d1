package io.productscanner.spi;

import java.util.Objects;

/** A scan that produced no snapshot. A product that no longer exists is not a failure: it is a NOT_FOUND snapshot. */
public class ScanException extends Exception {
    private final FailureKind kind;

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

    /** Whether trying the same product again later may succeed. */
    public boolean retryable() {
        return kind.retryable();
    }
}
