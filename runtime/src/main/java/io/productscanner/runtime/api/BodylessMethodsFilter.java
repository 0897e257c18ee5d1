package io.productscanner.runtime.api;

import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Refuses a body on GET, HEAD and DELETE: no endpoint reads one, so it would be ignored unread, size limit and
 * all; a client sending one is confused or probing, and hears so.
 */
final class BodylessMethodsFilter implements Filter {
    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Method method = req.prologue().method();
        if ((method == Method.GET || method == Method.HEAD || method == Method.DELETE)
                && req.content().hasEntity()) {
            ApiResponses.error(res, 400, "unexpected_body", method.text() + " requests take no body", null);
            return;
        }
        chain.proceed();
    }
}
