package io.productscanner.runtime.cli;

/**
 * Ends a command with a message for stderr and the exit code that tells a script what went wrong. The codes are
 * the same for every command (docs/CLI.md).
 */
public final class CliFailure extends RuntimeException {
    /** Done: the command did what was asked (a waited-for job completed). */
    public static final int OK = 0;
    /**
     * The command failed: the API refused the request (bad job id or parameter, job already ended), a scan or a
     * benchmark failed, a setting is wrong.
     */
    public static final int FAILED = 1;
    /** Wrong command line: unknown command or option, missing or bad value (picocli's code for invalid input). */
    public static final int USAGE = 2;
    /** Nothing answered at {@code API_URL}. */
    public static final int API_UNREACHABLE = 3;
    /** The API wants a token and got none, or a wrong one. */
    public static final int UNAUTHORIZED = 4;
    /** A waited-for job ended {@code failed} or {@code cancelled}. */
    public static final int JOB_NOT_COMPLETED = 5;

    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
