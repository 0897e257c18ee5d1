package io.productscanner.runtime.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A write that carries a body must say it is JSON ({@code application/json} or {@code application/...+json}, in
 * UTF-8 if a charset is named), or it is refused with 415 unread. Beyond catching mistakes, this keeps web pages
 * out: a page on another origin can only send {@code text/plain}, form or multipart bodies without first asking
 * the API (a CORS preflight, which this API never grants).
 */
final class JsonContentTypeFilter implements Filter {
    private static final Set<Method> WITH_BODY = Set.of(Method.POST, Method.PUT, Method.PATCH);
    private static final Pattern JSON = Pattern.compile("application/([a-z0-9.!#$&^_-]+\\+)?json");
    private static final Pattern UTF8 = Pattern.compile("\"?utf-8\"?");

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (WITH_BODY.contains(req.prologue().method())
                && req.content().hasEntity()
                && !isJson(req.headers().first(HeaderNames.CONTENT_TYPE))) {
            ApiResponses.error(
                    res,
                    415,
                    "unsupported_media_type",
                    "a request body must be JSON: send it with Content-Type: application/json",
                    null);
            return;
        }
        chain.proceed();
    }

    private static boolean isJson(Optional<String> contentType) {
        if (contentType.isEmpty()) {
            return false;
        }
        String[] parts = contentType.get().toLowerCase(Locale.ROOT).split(";");
        if (!JSON.matcher(parts[0].trim()).matches()) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].trim().equals("charset")
                    && (parameter.length < 2
                            || !UTF8.matcher(parameter[1].trim()).matches())) {
                return false;
            }
        }
        return true;
    }
}
