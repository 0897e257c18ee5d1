package io.productscanner.support.core.egress;

import java.io.IOException;

/** A connection (or redirect) the {@link EgressPolicy} refused; never worth retrying. */
public final class EgressRefusedException extends IOException {
    private final EgressRefusal refusal;

    public EgressRefusedException(EgressRefusal refusal) {
        super(refusal.message());
        this.refusal = refusal;
    }

    public EgressRefusal refusal() {
        return refusal;
    }

    /** The refusal in {@code failure}'s causes or suppressed exceptions, or null when there is none. */
    public static EgressRefusal findIn(Throwable failure) {
        return findIn(failure, 0);
    }

    private static EgressRefusal findIn(Throwable failure, int depth) {
        // bounded: OkHttp attaches one suppressed failure per route tried
        int hops = 0;
        for (Throwable cause = failure; cause != null && hops < 16 && depth < 4; cause = cause.getCause(), hops++) {
            if (cause instanceof EgressRefusedException refused) {
                return refused.refusal;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                EgressRefusal found = findIn(suppressed, depth + 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
