package io.productscanner.runtime.job;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** A job's lifecycle. The allowed moves are written here, in one place. */
public enum JobStatus {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    /** Whether a job in this state may move to {@code next}. */
    public boolean canMoveTo(JobStatus next) {
        return allowedNext().contains(next);
    }

    private Set<JobStatus> allowedNext() {
        return switch (this) {
            case PENDING -> EnumSet.of(RUNNING, CANCELLED);
            // back to PENDING when a worker gives a job back (shutdown, lost worker)
            case RUNNING -> EnumSet.of(COMPLETED, FAILED, CANCELLED, PENDING);
            case COMPLETED, FAILED, CANCELLED -> EnumSet.noneOf(JobStatus.class);
        };
    }

    public boolean finished() {
        return allowedNext().isEmpty();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
