package io.productscanner.runtime.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.productscanner.runtime.logging.LogEvent;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Answers only requests addressed to this API: a {@code Host} of {@code localhost}, an IP address, or a name in
 * {@code API_ALLOWED_HOSTS}. This is the defence against DNS rebinding, where a web page makes its own name
 * resolve to 127.0.0.1 and, being same-origin with itself, drives and reads the API through the operator's
 * browser; the browser still sends the page's name, which is refused here. An IP address is safe to accept:
 * no name was resolved, so the page that sent it was served from that address itself. The port is not
 * compared: port mappings (Docker, {@code ssh -L}) change it legitimately, and a rebinding page knows it anyway.
 * <p>
 * Refused with 421 Misdirected Request (RFC 9110 §15.5.20: this server will not answer for that name), not
 * 400: the request is well formed, only sent to the wrong server.
 */
final class HostHeaderFilter implements Filter {
    private static final System.Logger LOG = System.getLogger(HostHeaderFilter.class.getName());
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+(%[0-9a-z._~-]+)?]");
    private static final Pattern PORT = Pattern.compile(":[0-9]{1,5}$");

    private final List<String> allowedNames;

    /** @param allowedNames lower-case host names accepted besides localhost and IP addresses */
    HostHeaderFilter(List<String> allowedNames) {
        this.allowedNames = List.copyOf(allowedNames);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (OpenPaths.isOpen(req.path().path())) {
            chain.proceed();
            return;
        }
        List<String> hosts = req.headers().all(HeaderNames.HOST, List::of);
        if (hosts.size() != 1) {
            ApiResponses.error(res, 400, "bad_host", "a request needs exactly one Host header", null);
            return;
        }
        String host = hosts.getFirst().trim();
        if (!accepted(host)) {
            String echoed = ApiResponses.echoed(host);
            LogEvent.info(
                    LOG,
                    "api.misdirected",
                    "host",
                    echoed,
                    "method",
                    req.prologue().method().text(),
                    "path",
                    req.path().path(),
                    "remote",
                    req.remotePeer().host());
            ApiResponses.error(
                    res,
                    421,
                    "misdirected_request",
                    "this API does not answer for the host '" + echoed
                            + "': use localhost or an IP address, or add the name to API_ALLOWED_HOSTS",
                    null);
            return;
        }
        chain.proceed();
    }

    private boolean accepted(String hostHeader) {
        String name = PORT.matcher(hostHeader.toLowerCase(Locale.ROOT)).replaceFirst("");
        return name.equals("localhost")
                || IPV4.matcher(name).matches()
                || IPV6.matcher(name).matches()
                || allowedNames.contains(name);
    }
}
