package io.productscanner.runtime.cli.operator;

/** Ends an operator command with a message for stderr and the exit code that tells a script what went wrong. */
final class CliFailure extends RuntimeException {
    /** The API answered with an error: unknown or malformed job id, bad parameter, job already ended. */
    static final int API_ERROR = 1;
    /** Wrong command line (picocli's own code for invalid input). */
    static final int USAGE = 2;
    /** Nothing answered at {@code API_URL}. */
    static final int API_UNREACHABLE = 3;
    /** The API wants a token and got none, or a wrong one. */
    static final int UNAUTHORIZED = 4;
    /** A waited-for job ended {@code failed} or {@code cancelled}. */
    static final int JOB_NOT_COMPLETED = 5;

    private final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
