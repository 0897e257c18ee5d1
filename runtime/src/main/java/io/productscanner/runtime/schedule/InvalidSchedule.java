package io.productscanner.runtime.schedule;

/** A schedule definition that cannot be accepted, naming the field at fault. */
public final class InvalidSchedule extends RuntimeException {
    private final String field;
    private final String code;

    public InvalidSchedule(String field, String message) {
        this(field, message, "invalid_schedule");
    }

    private InvalidSchedule(String field, String message, String code) {
        super(message);
        this.field = field;
        this.code = code;
    }

    /** A field the definition does not have: refused, as job submission refuses one, rather than dropped. */
    static InvalidSchedule unknownField(String field, String accepted) {
        return new InvalidSchedule(
                field, "unknown field '" + field + "' (accepted: " + accepted + ")", "unknown_field");
    }

    public String field() {
        return field;
    }

    /** The API's error code: {@code invalid_schedule} or {@code unknown_field}. */
    public String code() {
        return code;
    }
}
