package io.productscanner.runtime.console;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code /console/}: the operator console, static files from this jar that call {@code /api/v2} from the browser.
 * The files hold no data and no secret, so they are served without the API token (a browser cannot send one when
 * it opens a page); every call they make carries it. Each answer forbids framing, inline script and style, other
 * origins' scripts and referrers, so the page cannot be clickjacked or made to run what it did not ship.
 */
public final class ConsoleService implements HttpService {
    /** Where the console is mounted. */
    public static final String PATH = "/console";

    static final String CONTENT_SECURITY_POLICY = String.join(
            "; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'");
    private static final HeaderName CSP = HeaderNames.create("Content-Security-Policy");
    private static final HeaderName FRAME_OPTIONS = HeaderNames.create("X-Frame-Options");
    private static final HeaderName REFERRER_POLICY = HeaderNames.create("Referrer-Policy");
    private static final HeaderName CONTENT_TYPE_OPTIONS = HeaderNames.create("X-Content-Type-Options");
    private static final HeaderName OPENER_POLICY = HeaderNames.create("Cross-Origin-Opener-Policy");

    private final ConsoleAssets assets = new ConsoleAssets();

    @Override
    public void routing(HttpRules rules) {
        rules.get("/*", this::serve).head("/*", this::serve);
    }

    private void serve(ServerRequest req, ServerResponse res) {
        String path = req.path().absolute().path();
        secure(res);
        if (path.equals(PATH)) {
            // relative links in the page resolve against /console/, not /
            res.status(Status.MOVED_PERMANENTLY_301);
            res.header(HeaderNames.LOCATION, PATH + "/");
            res.send();
            return;
        }
        String name = path.substring(PATH.length() + 1);
        Optional<ConsoleAssets.Asset> found = assets.find(name.isEmpty() ? "index.html" : name);
        if (found.isEmpty()) {
            res.status(Status.NOT_FOUND_404);
            res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
            res.send("no such console file\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        ConsoleAssets.Asset asset = found.get();
        // revalidated on every load (a 304 costs a few bytes), so a new build shows at once
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.ETAG, asset.etag());
        if (req.headers()
                .first(HeaderNames.IF_NONE_MATCH)
                .filter(tag -> tag.contains(asset.etag()))
                .isPresent()) {
            res.status(Status.NOT_MODIFIED_304);
            res.send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, asset.contentType());
        if (req.prologue().method() == Method.HEAD) {
            // what a GET would answer, without the body: how scripts and probes check the console is there
            res.header(HeaderNames.CONTENT_LENGTH, Integer.toString(asset.bytes().length));
            res.send();
            return;
        }
        res.send(asset.bytes());
    }

    /** Whether {@code path} is the console's, where no token is asked for; no dot segment ever is (see OpenPaths). */
    public static boolean serves(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/");
    }

    private static void secure(ServerResponse res) {
        res.header(CSP, CONTENT_SECURITY_POLICY);
        res.header(FRAME_OPTIONS, "DENY");
        res.header(REFERRER_POLICY, "no-referrer");
        res.header(CONTENT_TYPE_OPTIONS, "nosniff");
        res.header(OPENER_POLICY, "same-origin");
    }
}
