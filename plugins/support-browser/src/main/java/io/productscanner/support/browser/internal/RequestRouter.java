package io.productscanner.support.browser.internal;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Route;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Decides every request a page makes: heavy resource types are aborted; with a site mirror, everything else
 * ({@code https://{host}{path}?{query}}: documents, scripts, XHR and fetch alike) is fetched from
 * {@code {mirror}/{host}{path}?{query}} and handed to the page as if the site had answered. Redirects are followed
 * here, through the mirror; {@link #landedUrl(Page)} tells where a page's document landed.
 */
public final class RequestRouter {
    private static final System.Logger LOG = System.getLogger(RequestRouter.class.getName());

    private final Set<String> blockedResources;
    private final URI mirror;
    private final String platform;
    private static final int MAX_REDIRECTS = 10;
    // read and written on the browser thread only; pages that are gone drop out
    private final Map<Page, String> landedUrls = new WeakHashMap<>();

    public RequestRouter(Set<String> blockedResources, Optional<URI> mirror, String platform) {
        this.blockedResources = Set.copyOf(blockedResources);
        this.mirror = mirror.map(RequestRouter::checked).orElse(null);
        this.platform = platform;
    }

    /** Whether the router has anything to do; without it, requests go out untouched. */
    public boolean needed() {
        return mirror != null || !blockedResources.isEmpty();
    }

    public void handle(Route route) {
        Request request = route.request();
        if (blockedResources.contains(request.resourceType())) {
            route.abort("blockedbyclient");
            return;
        }
        String mirrored = mirror == null ? null : mirrored(request.url());
        if (mirrored == null) {
            route.resume();
            return;
        }
        try {
            fulfillFromMirror(route, request, mirrored);
        } catch (PlaywrightException e) {
            // the page sees a failed request, as it would if the site were down
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "event=browser.mirror_failed platform=" + platform + " url=" + request.url() + " error=\""
                            + firstLine(e.getMessage()) + "\"");
            route.abort("connectionrefused");
        }
    }

    /**
     * Where the page's main document really came from after mirrored redirects; the page's own URL keeps the first
     * one, since a fulfilled request cannot change it. Null when the document was not mirrored.
     */
    public String landedUrl(Page page) {
        return landedUrls.get(page);
    }

    /**
     * Fetches from the mirror and follows redirects here: a redirect handed to the browser would be followed
     * outside the routing, to the real site.
     */
    private void fulfillFromMirror(Route route, Request request, String mirrored) {
        String originalUrl = request.url();
        APIResponse response =
                route.fetch(new Route.FetchOptions().setUrl(mirrored).setMaxRedirects(0));
        for (int hop = 0; isRedirect(response) && hop < MAX_REDIRECTS; hop++) {
            originalUrl = URI.create(originalUrl)
                    .resolve(response.headers().get("location"))
                    .toString();
            String next = mirrored(originalUrl);
            if (next == null) {
                break;
            }
            response.dispose();
            response = route.fetch(
                    new Route.FetchOptions().setUrl(next).setMethod("GET").setMaxRedirects(0));
        }
        if (request.isNavigationRequest() && request.frame().parentFrame() == null) {
            landedUrls.put(request.frame().page(), originalUrl);
        }
        route.fulfill(new Route.FulfillOptions().setResponse(response));
    }

    private static boolean isRedirect(APIResponse response) {
        return response.status() >= 300
                && response.status() < 400
                && response.headers().containsKey("location");
    }

    /** {@code https://host/path?q} → {@code {mirror}/host/path?q}; null for what is not http(s) (data:, blob:). */
    public String mirrored(String url) {
        URI original;
        try {
            original = URI.create(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String scheme = original.getScheme();
        if (original.getHost() == null || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
            return null;
        }
        String base = mirror.toString().endsWith("/")
                ? mirror.toString().substring(0, mirror.toString().length() - 1)
                : mirror.toString();
        String path = original.getRawPath() == null || original.getRawPath().isEmpty() ? "/" : original.getRawPath();
        return base + "/" + original.getHost() + path
                + (original.getRawQuery() == null ? "" : "?" + original.getRawQuery());
    }

    private static URI checked(URI mirror) {
        if (mirror.getHost() == null || !("http".equals(mirror.getScheme()) || "https".equals(mirror.getScheme()))) {
            throw new IllegalArgumentException(
                    "SCANNER_SITE_MIRROR must be an http:// or https:// URL, was '" + mirror + "'");
        }
        return mirror;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
