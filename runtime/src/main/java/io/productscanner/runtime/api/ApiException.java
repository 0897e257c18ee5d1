package io.productscanner.runtime.api;

/**
 * A request the API refuses, rendered as {@code {"success": false, "error": {"code", "message", "field"}}}.
 *
 * @see ErrorHandlers
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;

    public ApiException(int status, String code, String message, String field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static ApiException badRequest(String code, String message, String field) {
        return new ApiException(400, code, message, field);
    }

    public static ApiException notFound(String code, String message, String field) {
        return new ApiException(404, code, message, field);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
