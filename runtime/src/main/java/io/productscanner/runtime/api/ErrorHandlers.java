package io.productscanner.runtime.api;

import io.productscanner.runtime.logging.LogEvent;
import io.helidon.http.RequestException;
import io.helidon.webserver.http.HttpRouting;

/** The one place where exceptions become the JSON error envelope. */
final class ErrorHandlers {
    private static final System.Logger LOG = System.getLogger(ErrorHandlers.class.getName());

    private ErrorHandlers() {
    }

    static void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, (req, res, e) ->
                ApiResponses.error(res, e.status(), e.code(), e.getMessage(), e.field()));
        routing.error(RequestException.class, (req, res, e) ->
                ApiResponses.error(res, e.status().code(), "bad_request", e.getMessage(), null));
        routing.error(Exception.class, (req, res, e) -> {
            LogEvent.error(LOG, "api.error", "method", req.prologue().method().text(), "path", req.path().path(), e);
            ApiResponses.error(res, 500, "internal_error", "the server failed to answer: "
                    + e.getClass().getSimpleName(), null);
        });
    }
}
