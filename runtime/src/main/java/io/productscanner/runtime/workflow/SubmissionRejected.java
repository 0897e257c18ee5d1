package io.productscanner.runtime.workflow;

/** A job that cannot be queued, with the field at fault; nothing was written. */
public final class SubmissionRejected extends RuntimeException {
    /** What kind of problem it is; the API maps it to an HTTP status. */
    public enum Reason {
        INVALID,
        UNKNOWN_WORKFLOW,
        QUEUE_FULL
    }

    private final Reason reason;
    private final String code;
    private final String field;

    public SubmissionRejected(Reason reason, String code, String message, String field) {
        super(message);
        this.reason = reason;
        this.code = code;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
