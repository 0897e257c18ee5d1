package io.productscanner.runtime.schedule;

/** A new schedule refused because the most schedules allowed exist already; nothing was stored. */
public final class TooManySchedules extends RuntimeException {
    private final int limit;

    public TooManySchedules(int limit) {
        super(limit + " schedules exist already, the most MAX_SCHEDULES allows");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
