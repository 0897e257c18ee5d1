package io.productscanner.runtime.access;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerRequestHeaders;
import java.util.Locale;

/** Who sent a request, as the access log tells operators: the console, the operator CLI, another browser, or else. */
enum CallerKind {
    /** The console's pages: their calls say so in {@link #CLIENT_HEADER}; a browser marks what they load same-origin. */
    CONSOLE,
    /** {@code product-scanner} client commands: their {@code User-Agent} is {@code product-scanner/<version>}. */
    CLI,
    /** Any other browser request: a page typed in, a link followed, another site's page. */
    BROWSER,
    /** curl, scripts, Prometheus, probes. */
    OTHER;

    /** The header the console's {@code fetch} calls carry, {@value #CONSOLE_CLIENT} as its value. */
    static final String CLIENT_HEADER = "X-Scanner-Client";

    static final String CONSOLE_CLIENT = "console";
    /** How the CLI's {@code User-Agent} starts. */
    static final String CLI_AGENT = "product-scanner/";

    private static final HeaderName CLIENT = HeaderNames.create(CLIENT_HEADER);
    private static final HeaderName SEC_FETCH_SITE = HeaderNames.create("Sec-Fetch-Site");
    private static final HeaderName SEC_FETCH_MODE = HeaderNames.create("Sec-Fetch-Mode");

    /**
     * A same-origin request can only come from a page this server served, which is the console's (the API serves
     * no other page); the page it loads itself ({@code Sec-Fetch-Site: none}) is a browser's.
     */
    static CallerKind of(ServerRequestHeaders headers) {
        if (headers.first(CLIENT).filter(CONSOLE_CLIENT::equalsIgnoreCase).isPresent()
                || headers.first(SEC_FETCH_SITE)
                        .filter("same-origin"::equalsIgnoreCase)
                        .isPresent()) {
            return CONSOLE;
        }
        String agent = headers.first(HeaderNames.USER_AGENT).orElse("");
        if (agent.startsWith(CLI_AGENT)) {
            return CLI;
        }
        if (headers.contains(SEC_FETCH_MODE) || agent.startsWith("Mozilla/")) {
            return BROWSER;
        }
        return OTHER;
    }

    /** As the access log writes it. */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
