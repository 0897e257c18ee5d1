package io.productscanner.support.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import io.productscanner.mirror.SiteMirror;
import io.productscanner.plugin.testkit.LoopbackServer;
import io.productscanner.plugin.testkit.LoopbackServer.Reply;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ScanEvidence;
import io.productscanner.spi.ScanException;
import io.productscanner.support.core.egress.EgressPolicy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the browser hands the scanner is bounded by {@code BROWSER_MAX_BODY_BYTES}: an answer the page fetched (as
 * ably reads its goods answer) and the page HTML kept as evidence.
 */
class BrowserBodyLimitTest {
    private static final long LIMIT = 1024 * 1024;
    private static final String FETCHING_PAGE = """
            <html><head><title>loading</title></head><body><script>
            fetch('/answer.json').then(r => r.text()).then(t => document.title = 'done:' + t.length);
            </script></body></html>""";

    @Test
    void anAnswerAnnouncingMoreThanTheLimitIsRefusedUnread(@TempDir Path fixtures) throws Exception {
        Files.createDirectories(fixtures.resolve("shop.example"));
        Files.writeString(fixtures.resolve("shop.example/page.html"), FETCHING_PAGE);
        Files.writeString(fixtures.resolve("shop.example/answer.json"), "[" + "1,".repeat(1_500_000) + "1]");
        try (SiteMirror mirror = SiteMirror.start(fixtures, 0);
                BrowserPool pool = BrowserPool.create(
                        "test",
                        new TestBrowsers.CountingContext(mirror.url()),
                        TestBrowsers.settings(Set.of()).withMaxBodyBytes(LIMIT))) {
            ScanException failure = assertThrows(
                    ScanException.class,
                    () -> pool.withPage(page -> pool.bodyText(answerOf(page, "https://shop.example/page.html"))));

            assertTooLarge(failure, "https://shop.example/answer.json");
        }
    }

    @Test
    void aStreamedAnswerLongerThanTheLimitIsRefused() throws Exception {
        try (LoopbackServer site = LoopbackServer.start()) {
            site.page("/page", Reply.html(FETCHING_PAGE))
                    .page("/answer.json", Reply.chunked("application/json", 3 * LIMIT));
            try (BrowserPool pool = directPool(site, LIMIT)) {
                ScanException failure = assertThrows(
                        ScanException.class,
                        () -> pool.withPage(page -> pool.bodyText(answerOf(page, site.url("/page")))));

                assertTooLarge(failure, site.url("/answer.json"));
            }
        }
    }

    @Test
    void anAnswerLongerThanTheBrowserKeepsIsRefusedToo() throws Exception {
        try (LoopbackServer site = LoopbackServer.start()) {
            site.page("/page", Reply.html(FETCHING_PAGE))
                    .page("/answer.json", Reply.chunked("application/json", 40 * LIMIT));
            try (BrowserPool pool = directPool(site, 64 * LIMIT)) {
                ScanException failure = assertThrows(
                        ScanException.class,
                        () -> pool.withPage(page -> pool.bodyText(answerOf(page, site.url("/page")))));

                assertEquals(FailureKind.UPSTREAM, failure.kind(), failure.getMessage());
                assertTrue(failure.getMessage().contains("more than the browser keeps"), failure.getMessage());
            }
        }
    }

    @Test
    void anAnswerWithinTheLimitIsReadWhole() throws Exception {
        try (LoopbackServer site = LoopbackServer.start()) {
            site.page("/page", Reply.html(FETCHING_PAGE))
                    .page("/answer.json", Reply.chunked("application/json", LIMIT / 2));
            try (BrowserPool pool = directPool(site, LIMIT)) {
                String body = pool.withPage(page -> pool.bodyText(answerOf(page, site.url("/page"))));

                assertEquals(LIMIT / 2, body.length());
            }
        }
    }

    @Test
    void pageEvidenceIsCutAtTheLimit() throws Exception {
        try (LoopbackServer site = LoopbackServer.start()) {
            site.page("/page", Reply.html("<html><body><p>" + "가".repeat(2 * (int) LIMIT) + "</p></body></html>"));
            try (BrowserPool pool = directPool(site, LIMIT)) {
                ScanException failure = assertThrows(
                        ScanException.class,
                        () -> pool.withPage(page -> {
                            page.navigate(site.url("/page"));
                            throw PageFailures.unreadable(page.url(), "no price");
                        }));

                ScanEvidence html = failure.evidence().stream()
                        .filter(item -> item.name().equals("page.html"))
                        .findFirst()
                        .orElseThrow();
                String kept = new String(html.content(), StandardCharsets.UTF_8);
                assertEquals(LIMIT, kept.length(), "characters kept");
                assertTrue(kept.startsWith("<html><head></head><body><p>가가"), kept.substring(0, 60));
                assertFalse(kept.endsWith("</html>"));
            }
        }
    }

    /** Opens the page and waits for the answer it fetches, read to its end by the page. */
    private static Response answerOf(Page page, String url) {
        Response answer =
                page.waitForResponse(response -> response.url().endsWith("/answer.json"), () -> page.navigate(url));
        page.waitForFunction("() => document.title.startsWith('done:')");
        return answer;
    }

    private static BrowserPool directPool(LoopbackServer site, long limit) {
        return new BrowserPool(
                "test",
                TestBrowsers.settings(Set.of()).withMaxBodyBytes(limit),
                Optional.empty(),
                EgressPolicy.forSiteMirror(Optional.of(URI.create(site.url("/")))),
                () -> {});
    }

    private static void assertTooLarge(ScanException failure, String url) {
        assertEquals(FailureKind.UPSTREAM, failure.kind(), failure.getMessage());
        assertFalse(failure.retryable());
        assertEquals(
                "the answer from " + url + " is larger than " + LIMIT + " bytes (BROWSER_MAX_BODY_BYTES)",
                failure.getMessage());
    }
}
