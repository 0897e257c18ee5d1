package io.productscanner.runtime.api;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.logging.LogEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one place where exceptions become the JSON error envelope. */
final class ErrorHandlers {
    private static final System.Logger LOG = System.getLogger(ErrorHandlers.class.getName());

    private ErrorHandlers() {}

    static void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, (req, res, e) -> answer(res, e));
        // Helidon's own refusals inside routing, e.g. NotFoundException when no route matches: their status, not 500
        routing.error(
                HttpException.class,
                (req, res, e) -> ApiResponses.error(
                        res,
                        e.status().code(),
                        codeFor(e.status().code()),
                        e.getMessage() == null || e.getMessage().isBlank()
                                ? defaultMessage(e.status().code())
                                : e.getMessage(),
                        null));
        routing.error(Exception.class, (req, res, e) -> {
            var notReplicated = RedisNotReplicated.causeOf(e);
            if (notReplicated.isPresent()) {
                LogEvent.warn(
                        LOG,
                        "api.redis_not_replicated",
                        "method",
                        req.prologue().method().text(),
                        "path",
                        req.path().absolute().path(),
                        "error",
                        notReplicated.get().getMessage());
                answer(res, RedisNotReplicated.answer());
                return;
            }
            var redisDown = RedisUnavailable.causeOf(e);
            if (redisDown.isPresent()) {
                LogEvent.warn(
                        LOG,
                        "api.redis_unavailable",
                        "method",
                        req.prologue().method().text(),
                        "path",
                        req.path().absolute().path(),
                        "error",
                        String.valueOf(redisDown.get().getMessage()));
                answer(res, RedisUnavailable.answer());
                return;
            }
            LogEvent.error(
                    LOG,
                    "api.error",
                    "method",
                    req.prologue().method().text(),
                    "path",
                    req.path().path(),
                    e);
            ApiResponses.error(
                    res,
                    500,
                    "internal_error",
                    "the server failed to answer: " + e.getClass().getSimpleName(),
                    null);
        });
    }

    private static void answer(ServerResponse res, ApiException e) {
        e.retryAfter()
                .ifPresent(wait -> res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds()))));
        ApiResponses.error(res, e.status(), e.code(), e.getMessage(), e.field());
    }

    /**
     * The envelope for what Helidon refuses itself: malformed requests and bodies over {@code maxBodyBytes}
     * (before routing when Content-Length says so, while reading when a chunked body grows too big). Helidon
     * sends every {@link RequestException} here, never to the routing's error handlers.
     */
    static DirectHandlers direct(long maxBodyBytes) {
        DirectHandler envelope = (request, event, status, headers, message) -> {
            String text = status.code() == 413
                    ? "the request body is larger than " + maxBodyBytes + " bytes"
                    : message != null && !message.isBlank() ? message : defaultMessage(status.code());
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", codeFor(status.code()));
            error.put("message", text);
            error.put("field", null);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("success", false);
            body.put("error", error);
            return DirectHandler.TransportResponse.builder()
                    .status(status)
                    .headers(headers)
                    .header(HeaderValues.CONTENT_TYPE_JSON)
                    .entity(Json.write(body))
                    .build();
        };
        DirectHandlers.Builder handlers = DirectHandlers.builder();
        for (DirectHandler.EventType event : DirectHandler.EventType.values()) {
            handlers.addHandler(event, envelope);
        }
        return handlers.build();
    }

    /** Helidon refuses some requests without a message; the envelope always says what was wrong. */
    private static String defaultMessage(int status) {
        return switch (status) {
            case 404 -> "no such resource";
            case 405 -> "this method is not allowed here";
            case 413 -> "the request body is too large";
            case 414 -> "the request URI is too long";
            case 431 -> "the request headers are too large";
            default ->
                status >= 500
                        ? "the server failed to answer"
                        : "the request is malformed (request line, path or query cannot be parsed)";
        };
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            default -> status >= 500 ? "internal_error" : "bad_request";
        };
    }
}
