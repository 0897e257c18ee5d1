package io.productscanner.support.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.productscanner.mirror.SiteMirror;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ScanEvidence;
import io.productscanner.spi.ScanException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The managed browser against a loopback site mirror, with the system's real Chromium. */
class BrowserPoolTest {
    private static final Set<String> HEAVY = Set.of("image", "font", "media");
    /** Longer than a launch plus a page on a loaded machine; a hanging task waits forever. */
    private static final Duration HANG_BUDGET = Duration.ofSeconds(10);

    private static SiteMirror mirror;

    @BeforeAll
    static void startMirror() throws Exception {
        mirror = SiteMirror.start(Path.of(System.getProperty("fixtures.dir", "src/test/resources/mirror")), 0);
    }

    @AfterAll
    static void stopMirror() {
        mirror.close();
    }

    @BeforeEach
    void resetCounts() {
        mirror.resetCounts();
    }

    @Test
    void documentScriptsAndXhrOfAnotherHostAllComeFromTheMirrorAndImagesAreBlocked() throws ScanException {
        try (BrowserPool pool = BrowserPool.create(
                "test", new TestBrowsers.CountingContext(mirror.url()), TestBrowsers.settings(HEAVY))) {
            String name = pool.withPage(BrowserPoolTest::nameAfterScripts);
            assertEquals("미러 상품", name);
        }
        assertEquals(1, mirror.requestCount("shop.example/page.html"));
        assertEquals(1, mirror.requestCount("shop.example/app.js"));
        assertEquals(1, mirror.requestCount("api.shop.example/item.json"));
        assertEquals(0, mirror.requestCount("shop.example/logo.png"), "images are blocked");
    }

    @Test
    void imagesLoadWhenNothingIsBlocked() throws ScanException {
        try (BrowserPool pool = BrowserPool.create(
                "test", new TestBrowsers.CountingContext(mirror.url()), TestBrowsers.settings(Set.of()))) {
            pool.withPage(page -> {
                page.navigate("https://shop.example/page.html");
                page.waitForLoadState();
                return null;
            });
        }
        assertEquals(1, mirror.requestCount("shop.example/logo.png"));
    }

    @Test
    void redirectsAreFollowedThroughTheMirrorAndTheLandingUrlIsKnown() throws ScanException {
        try (BrowserPool pool = BrowserPool.create(
                "test", new TestBrowsers.CountingContext(mirror.url()), TestBrowsers.settings(HEAVY))) {
            String landed = pool.withPage(page -> {
                page.navigate("https://shop.example/moved");
                return pool.landedUrl(page);
            });
            assertEquals("https://shop.example/page.html", landed);
        }
        assertEquals(1, mirror.requestCount("shop.example/moved"));
        assertEquals(1, mirror.requestCount("shop.example/page.html"));
    }

    @Test
    void pagesAndContextsAreReplacedAfterTheirProductCounts() throws ScanException {
        IdentityHashMap<Page, Boolean> pages = new IdentityHashMap<>();
        IdentityHashMap<BrowserContext, Boolean> contexts = new IdentityHashMap<>();
        try (BrowserPool pool = BrowserPool.create(
                "test",
                new TestBrowsers.CountingContext(mirror.url()),
                TestBrowsers.settings(HEAVY).withRotation(2, 4))) {
            for (int product = 0; product < 9; product++) {
                pool.withPage(page -> {
                    pages.put(page, true);
                    contexts.put(page.context(), true);
                    assertEquals(1, page.context().pages().size(), "one page open per context");
                    page.navigate("https://shop.example/page.html");
                    return null;
                });
            }
            assertEquals(1, pool.launches(), "one browser for every product");
        }
        assertEquals(5, pages.size(), "a page per 2 products");
        assertEquals(3, contexts.size(), "a context per 4 products");
    }

    @Test
    void aKilledChromiumIsRelaunchedAndTheProductReadAgain() throws ScanException {
        TestBrowsers.CountingContext context = new TestBrowsers.CountingContext(mirror.url());
        AtomicInteger runs = new AtomicInteger();
        try (BrowserPool pool = BrowserPool.create("test", context, TestBrowsers.settings(HEAVY))) {
            pool.withPage(BrowserPoolTest::nameAfterScripts);
            long firstPid = pool.chromiumPid().orElseThrow();
            String name = pool.withPage(page -> {
                if (runs.incrementAndGet() == 1) {
                    ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();
                }
                return nameAfterScripts(page);
            });
            assertEquals("미러 상품", name);
            assertEquals(2, runs.get(), "the product that hit the crash is read once more");
            assertEquals(1, pool.restarts());
            assertEquals(2, pool.launches());
            assertTrue(pool.chromiumPid().orElseThrow() != firstPid, "a new Chromium process");
            assertFalse(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false));
        }
        assertEquals(1, context.restarts.get(), "the restart is reported to the runtime");
    }

    @Test
    void aHungTaskIsCutOffTheBrowserKilledAndTheProductReadAgain() throws ScanException {
        TestBrowsers.CountingContext context = new TestBrowsers.CountingContext(mirror.url());
        AtomicInteger runs = new AtomicInteger();
        try (BrowserPool pool =
                BrowserPool.create("test", context, TestBrowsers.settings(HEAVY).withCallTimeout(HANG_BUDGET))) {
            String name = pool.withPage(page -> {
                String read = nameAfterScripts(page);
                if (runs.incrementAndGet() == 1) {
                    hangForever(page);
                }
                return read;
            });
            assertEquals("미러 상품", name);
            assertEquals(2, runs.get(), "cut off once, then read again");
            assertEquals(1, pool.restarts());
        }
        assertEquals(1, context.restarts.get());
    }

    @Test
    void aTaskThatHangsTwiceFailsAsARetryableTimeout() {
        try (BrowserPool pool = BrowserPool.create(
                "test",
                new TestBrowsers.CountingContext(mirror.url()),
                TestBrowsers.settings(HEAVY).withCallTimeout(HANG_BUDGET))) {
            ScanException failure = assertThrows(
                    ScanException.class,
                    () -> pool.withPage(page -> {
                        nameAfterScripts(page);
                        return hangForever(page);
                    }));
            assertEquals(FailureKind.TIMEOUT, failure.kind());
            assertTrue(failure.retryable());
        }
    }

    @Test
    void aSiteErrorIsNotABrowserCrash() throws ScanException {
        TestBrowsers.CountingContext context = new TestBrowsers.CountingContext(mirror.url());
        AtomicInteger runs = new AtomicInteger();
        try (BrowserPool pool = BrowserPool.create("test", context, TestBrowsers.settings(HEAVY))) {
            ScanException failure = assertThrows(
                    ScanException.class,
                    () -> pool.withPage(page -> {
                        runs.incrementAndGet();
                        // a host the mirror has no folder for: the page gets a 404, the test task calls that a parse
                        // error
                        int status = page.navigate("https://unknown.example/x").status();
                        throw new ScanException(FailureKind.UPSTREAM, "HTTP " + status);
                    }));
            assertEquals("HTTP 404", failure.getMessage());
            assertEquals(1, runs.get());
            assertEquals(0, pool.restarts());
            assertEquals("미러 상품", pool.withPage(BrowserPoolTest::nameAfterScripts), "the browser still works");
        }
        assertEquals(0, context.restarts.get());
    }

    @Test
    void aPageThePluginCannotReadTravelsWithItsFailureAsHtmlAndAScreenshot() {
        try (BrowserPool pool = BrowserPool.create(
                "test", new TestBrowsers.CountingContext(mirror.url()), TestBrowsers.settings(HEAVY))) {
            ScanException failure = assertThrows(
                    ScanException.class,
                    () -> pool.withPage(page -> {
                        nameAfterScripts(page);
                        throw new ScanException(FailureKind.PARSE, "no price element");
                    }));

            assertEquals(FailureKind.PARSE, failure.kind());
            assertEquals(
                    List.of("page.html", "screenshot.png"),
                    failure.evidence().stream().map(ScanEvidence::name).toList());
            String html = new String(failure.evidence().get(0).content(), StandardCharsets.UTF_8);
            assertTrue(html.contains("미러 상품"), "the HTML as the scripts left it: " + html);
            byte[] png = failure.evidence().get(1).content();
            assertTrue(png.length > 100 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG image");
        }
    }

    @Test
    void otherFailuresCarryNoPageEvidence() {
        try (BrowserPool pool = BrowserPool.create(
                "test", new TestBrowsers.CountingContext(mirror.url()), TestBrowsers.settings(HEAVY))) {
            ScanException failure = assertThrows(
                    ScanException.class,
                    () -> pool.withPage(page -> {
                        nameAfterScripts(page);
                        throw new ScanException(FailureKind.BLOCKED, "captcha");
                    }));

            assertEquals(List.of(), failure.evidence());
        }
    }

    @Test
    void mobileEmulationGivesThePageAPhonesAgentViewportAndTouch() throws ScanException {
        BrowserSettings desktop = TestBrowsers.settings(HEAVY);
        BrowserSettings phone = new BrowserSettings(
                desktop.chromiumPath(),
                desktop.nodePath(),
                desktop.callTimeout(),
                desktop.navigationTimeout(),
                10,
                50,
                HEAVY,
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)",
                430,
                932,
                true,
                "ko-KR",
                desktop.sandbox(),
                desktop.maxBodyBytes());
        try (BrowserPool pool = BrowserPool.create("test", new TestBrowsers.CountingContext(mirror.url()), phone)) {
            // screen.width: without a meta viewport a mobile page lays out 980 px wide, as on a phone
            Object seen = pool.withPage(page -> {
                page.navigate("https://shop.example/page.html");
                return page.evaluate(
                        "() => [navigator.userAgent, screen.width, 'ontouchstart' in window, navigator.language]");
            });
            assertEquals(List.of("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)", 430, true, "ko-KR"), seen);
        }
    }

    /** A call the browser never answers: a condition that stays false, with Playwright's own timeout off. */
    private static Object hangForever(Page page) {
        return page.waitForFunction("() => false", null, new Page.WaitForFunctionOptions().setTimeout(0));
    }

    private static String nameAfterScripts(Page page) {
        page.navigate("https://shop.example/page.html");
        page.waitForFunction("() => document.getElementById('name').textContent !== 'loading'");
        return page.textContent("#name");
    }
}
