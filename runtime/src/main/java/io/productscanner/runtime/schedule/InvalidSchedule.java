package io.productscanner.runtime.schedule;

/** A schedule definition that cannot be accepted, naming the field at fault. */
public final class InvalidSchedule extends RuntimeException {
    private final String field;

    public InvalidSchedule(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
