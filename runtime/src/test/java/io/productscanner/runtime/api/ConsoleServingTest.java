package io.productscanner.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.runtime.version.ProductVersion;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The console's files through the real server, here one that asks for a token: served without it (a browser
 * cannot send one when it opens a page), with the right content types, revalidated caching and the headers that
 * keep the page from being framed or made to run anything it did not ship; nothing else in the jar or the API is
 * reachable through its path.
 */
class ConsoleServingTest {
    private static final String TOKEN = "console-test-token-0123456789";

    @RegisterExtension
    static final InProcessApi api = InProcessApi.perClass(Optional.of(TOKEN));

    @Test
    void thePageIsServedWithoutATokenAndWithItsSecurityHeaders() throws Exception {
        HttpResponse<String> page = api.get("/console/");

        assertEquals(200, page.statusCode(), page.body());
        assertEquals("text/html; charset=UTF-8", header(page, "Content-Type"));
        assertSecured(page);
        assertEquals("no-cache", header(page, "Cache-Control"));
        assertTrue(page.body().contains("<script type=\"module\" src=\"app.js\"></script>"), page.body());
        // nothing inline that a strict CSP would block: every script and style comes from a file
        assertFalse(
                Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(page.body()).find(), "an inline script");
        assertFalse(page.body().contains("style="), "an inline style attribute");
        assertFalse(page.body().contains("<style"), "an inline style element");
    }

    @Test
    void theContentSecurityPolicyAllowsOnlyTheConsolesOwnFiles() throws Exception {
        String policy = header(api.get("/console/"), "Content-Security-Policy");

        assertTrue(policy.contains("default-src 'none'"), policy);
        assertTrue(policy.contains("script-src 'self'"), policy);
        assertTrue(policy.contains("style-src 'self'"), policy);
        assertTrue(policy.contains("connect-src 'self'"), policy);
        assertTrue(policy.contains("frame-ancestors 'none'"), policy);
        assertFalse(policy.contains("unsafe"), policy);
    }

    @Test
    void thePageFooterNamesTheBuildThatServesIt() throws Exception {
        String page = api.get("/console/").body();
        assertTrue(
                page.contains("<footer class=\"build small muted\">Product Scanner "
                        + ProductVersion.current().describe() + "</footer>"),
                page);
    }

    @Test
    void eachFileHasItsContentType() throws Exception {
        assertEquals("text/javascript; charset=UTF-8", header(api.get("/console/app.js"), "Content-Type"));
        assertEquals("text/css; charset=UTF-8", header(api.get("/console/console.css"), "Content-Type"));
        assertEquals("image/svg+xml", header(api.get("/console/icon.svg"), "Content-Type"));
        assertEquals("text/html; charset=UTF-8", header(api.get("/console/index.html"), "Content-Type"));
    }

    @Test
    void everyFileThePageAndItsModulesLoadIsShipped() throws Exception {
        Set<String> seen = new LinkedHashSet<>();
        Set<String> toLoad = new LinkedHashSet<>(references(api.get("/console/").body()));
        while (!toLoad.isEmpty()) {
            String name = toLoad.iterator().next();
            toLoad.remove(name);
            if (!seen.add(name)) {
                continue;
            }
            HttpResponse<String> file = api.get("/console/" + name);
            assertEquals(200, file.statusCode(), name);
            assertSecured(file);
            if (name.endsWith(".js")) {
                toLoad.addAll(references(file.body()));
            }
        }
        assertTrue(
                seen.containsAll(Set.of("app.js", "console.css", "api.js", "overview.js", "job.js")), seen.toString());
    }

    @Test
    void theBarePathRedirectsToTheFolderSoRelativeLinksResolve() throws Exception {
        HttpResponse<String> bare = api.get("/console");

        assertEquals(301, bare.statusCode());
        assertEquals("/console/", header(bare, "Location"));
    }

    @Test
    void headAnswersAsGetWouldWithoutTheBody() throws Exception {
        int length = api.get("/console/app.js").body().getBytes(StandardCharsets.UTF_8).length;

        HttpResponse<String> head = api.send(
                HttpRequest.newBuilder(api.uri("/console/app.js")).method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertEquals(200, head.statusCode());
        assertEquals("text/javascript; charset=UTF-8", header(head, "Content-Type"));
        assertEquals(Integer.toString(length), header(head, "Content-Length"));
        assertSecured(head);
        assertEquals("", head.body());
    }

    @Test
    void anUnchangedFileIsAnsweredNotModified() throws Exception {
        String etag = header(api.get("/console/app.js"), "ETag");

        HttpResponse<String> again = api.get("/console/app.js", "If-None-Match", etag);

        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"/console/nope.js", "/console/ConsoleService.class", "/console/index.HTML", "/console/a/b.js"})
    void anUnknownFileIs404WithTheSameHeaders(String path) throws Exception {
        HttpResponse<String> missing = api.get(path);

        assertEquals(404, missing.statusCode(), missing.body());
        assertSecured(missing);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/console/../api/v2/workflows",
                "/console/%2e%2e/api/v2/workflows",
                "/console/..%2fapi%2fv2%2fworkflows",
                "/console/%2e%2e%2f%2e%2e%2fapplication.yaml",
                "/console/..%2f..%2fio%2fproductscanner%2fruntime%2fqueue%2fclaim.lua",
                "/console/%2e%2e/console/app.js"
            })
    void aPathThroughTheConsoleReachesNothingElse(String path) throws Exception {
        InProcessApi.RawResponse answer =
                api.raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", new byte[0]);

        assertNotEquals(200, answer.status(), answer.body());
        assertFalse(answer.body().contains("\"success\":true"), answer.body());
        assertFalse(answer.body().contains("KEYS["), answer.body());
        assertFalse(answer.body().contains("server:"), answer.body());
    }

    @Test
    void theApiItselfStillNeedsTheToken() throws Exception {
        assertEquals(401, api.get("/api/v2/workflows").statusCode());
        assertEquals(
                200,
                api.get("/api/v2/workflows", "Authorization", "Bearer " + TOKEN).statusCode());
    }

    /** The files a page or module names: src and href attributes, and static imports. */
    private static Set<String> references(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = Pattern.compile("(?:src|href)=\"([a-z0-9-]+\\.[a-z]+)\"|from '\\./([a-z0-9-]+\\.js)'")
                .matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
        }
        return names;
    }

    private static void assertSecured(HttpResponse<String> response) {
        assertTrue(header(response, "Content-Security-Policy").contains("frame-ancestors 'none'"));
        assertEquals("DENY", header(response, "X-Frame-Options"));
        assertEquals("no-referrer", header(response, "Referrer-Policy"));
        assertEquals("nosniff", header(response, "X-Content-Type-Options"));
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers()
                .firstValue(name)
                .orElseThrow(() -> new AssertionError("no " + name + " header: " + response.headers()));
    }

    static {
        // the token is printable ASCII of the length the API asks for
        assertTrue(TOKEN.getBytes(StandardCharsets.US_ASCII).length >= ApiAccess.MIN_TOKEN_LENGTH);
    }
}
