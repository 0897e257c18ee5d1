package io.productscanner.runtime.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;
import io.productscanner.runtime.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the JSON envelope: {@code {"success": true, "data": ...}} or the error form. */
final class ApiResponses {
    private static final String JOBS = "/api/v2/jobs/";

    private ApiResponses() {}

    static void ok(ServerResponse res, int status, Object data) {
        // an accepted job's answer says where to follow it, as HTTP says a 202 may
        if (status == 202 && data instanceof Map<?, ?> fields && fields.get("job_id") instanceof String jobId) {
            res.header(HeaderNames.LOCATION, JOBS + jobId);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("data", data);
        send(res, status, body);
    }

    static void error(ServerResponse res, int status, String code, String message, String field) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("field", field);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("error", error);
        send(res, status, body);
    }

    /** A caller's header value as a message or log line may repeat it: its first 100 characters. */
    static String echoed(String value) {
        return value.length() > 100 ? value.substring(0, 100) + "..." : value;
    }

    private static void send(ServerResponse res, int status, Object body) {
        res.status(status);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }
}
