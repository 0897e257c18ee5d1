package io.productscanner.support.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import io.productscanner.mirror.SiteMirror;
import io.productscanner.plugin.testkit.LoopbackServer;
import io.productscanner.plugin.testkit.LoopbackServer.Reply;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ScanException;
import io.productscanner.support.core.egress.EgressPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Chromium of the pool and a page that tries every way a page has to reach an internal service (a canary
 * on loopback): subresources, fetch and XHR by address and by name, WebSockets, beacons, frames, preconnects,
 * WebRTC, a redirect of the document, a service worker. Nothing reaches the canary, and the scan fails as a
 * forbidden destination naming it. The site itself stands on loopback too, so it is allowed the way a site mirror
 * is; the pages are reached directly, as real sites are, and through the mirror's routing.
 */
class BrowserEgressTest {
    private CanaryServer canary;
    private LoopbackServer site;

    @BeforeEach
    void start() throws Exception {
        canary = CanaryServer.start();
        site = LoopbackServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        site.close();
        canary.close();
    }

    @Test
    void aPageReachedDirectlyCannotReachAnInternalAddressInAnyWay() throws Exception {
        site.page("/product", Reply.html(hostilePage(canary.port())));
        AtomicReference<String> seen = new AtomicReference<>();
        try (BrowserPool pool = directPool()) {
            ScanException failure = assertThrows(
                    ScanException.class,
                    () -> pool.withPage(page -> {
                        page.navigate(site.url("/product"));
                        seen.set(waitForTitle(page));
                        return seen.get();
                    }));

            assertForbidden(failure);
        }
        assertEquals(1, site.requests("/product"));
        assertTrue(seen.get() != null && !seen.get().contains("reached"), "the page says: " + seen.get());
        assertEquals(0, canary.connections(), "a request of the page reached the canary");
        assertEquals(0, canary.datagrams(), "WebRTC reached the canary");
    }

    @Test
    void aDocumentRedirectedToAnInternalAddressIsNeverFollowedThere() throws Exception {
        site.page("/moved", Reply.redirect("http://127.0.0.1:" + canary.port() + "/admin"));
        try (BrowserPool pool = directPool()) {
            ScanException failure = assertThrows(
                    ScanException.class,
                    () -> pool.withPage(page -> {
                        page.navigate(site.url("/moved"));
                        return page.content();
                    }));

            assertForbidden(failure);
        }
        assertEquals(1, site.requests("/moved"));
        assertEquals(0, canary.connections());
    }

    @Test
    void aDocumentRedirectedToALoopbackNameIsNeverFollowedThere() throws Exception {
        site.page("/moved", Reply.redirect("http://localhost:" + canary.port() + "/admin"));
        try (BrowserPool pool = directPool()) {
            ScanException failure = assertThrows(
                    ScanException.class,
                    () -> pool.withPage(page -> {
                        page.navigate(site.url("/moved"));
                        return page.content();
                    }));

            assertEquals(FailureKind.FORBIDDEN_DESTINATION, failure.kind(), failure.getMessage());
            assertTrue(failure.getMessage().contains("localhost:" + canary.port()), failure.getMessage());
        }
        assertEquals(0, canary.connections());
    }

    @Test
    void serviceWorkersAreNotRegistered() throws Exception {
        site.page("/worker-page", Reply.html("""
                <html><head><title>loading</title></head><body><script>
                navigator.serviceWorker ? navigator.serviceWorker.register('/sw.js')
                    .then(r => new Promise(resolve => setTimeout(resolve, 1500))
                        .then(() => document.title = 'done:' + (r ? 'registered' : 'not registered')),
                          e => document.title = 'done:refused ' + e)
                  : document.title = 'done:no service workers';
                </script></body></html>"""));
        site.page("/sw.js", Reply.of(200, "text/javascript", """
                self.addEventListener('install', e => e.waitUntil(
                    fetch('http://127.0.0.1:%d/from-worker', {mode: 'no-cors'}).catch(() => null)));
                """.formatted(canary.port())));
        try (BrowserPool pool = directPool()) {
            String title = pool.withPage(page -> {
                page.navigate(site.url("/worker-page"));
                return waitForTitle(page);
            });

            assertEquals("done:not registered", title, "registration answered as the page would see it");
        }
        assertEquals(0, site.requests("/sw.js"), "the worker's script was fetched");
        assertEquals(0, canary.connections());
    }

    @Test
    void thePageOfAnAllowedSiteStillLoadsWhole() throws Exception {
        site.page("/product", Reply.html("""
                <html><head><title>loading</title><script src="/app.js"></script></head><body></body></html>"""))
                .page(
                        "/app.js",
                        Reply.of(
                                200,
                                "text/javascript",
                                "fetch('/item.json').then(r => r.json()).then(j => document.title = 'done:' + j.name);"))
                .page("/item.json", Reply.of(200, "application/json", "{\"name\": \"상품\"}"));
        try (BrowserPool pool = directPool()) {
            assertEquals("done:상품", pool.withPage(page -> {
                page.navigate(site.url("/product"));
                return waitForTitle(page);
            }));
        }
    }

    @Test
    void aRefusalThePageDidNotAskForDoesNotFailTheScan() throws Exception {
        // Chromium's own background requests (updates, network time) pass the proxy too: one of them refused while a
        // page is read is logged, and is not held against the page
        site.page("/product", Reply.html("<html><head><title>done:read</title></head></html>"));
        try (BrowserPool pool = directPool()) {
            assertEquals("done:read", pool.withPage(page -> {
                page.navigate(site.url("/product"));
                assertEquals("HTTP/1.1 403 Forbidden", connectThroughTheProxy(pool, "127.0.0.1:" + canary.port()));
                return page.title();
            }));
        }
        assertEquals(0, canary.connections());
    }

    /** Asks the pool's proxy, found on Chromium's command line, to CONNECT to {@code target}; its status line. */
    private static String connectThroughTheProxy(BrowserPool pool, String target) {
        String proxy = SandboxProbe.chromiumArguments(pool).stream()
                .filter(arg -> arg.startsWith("--proxy-server="))
                .findFirst()
                .orElseThrow()
                .substring("--proxy-server=http://".length());
        try (Socket socket = new Socket(
                proxy.substring(0, proxy.indexOf(':')), Integer.parseInt(proxy.substring(proxy.indexOf(':') + 1)))) {
            socket.getOutputStream()
                    .write(("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                    .lines()
                    .findFirst()
                    .orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aWebSocketToAnAllowedHostIsTunnelled() throws Exception {
        // Chromium opens WebSockets through the proxy with CONNECT, as it does every https connection
        site.page("/live", Reply.html("""
                <html><head><title>loading</title></head><body><script>
                const ws = new WebSocket('ws://' + location.host + '/ws');
                ws.onmessage = event => document.title = 'done:' + event.data;
                ws.onerror = () => document.title = 'done:failed';
                </script></body></html>""")).page("/ws", Reply.webSocketSaying("재고 있음"));
        try (BrowserPool pool = directPool()) {
            assertEquals("done:재고 있음", pool.withPage(page -> {
                page.navigate(site.url("/live"));
                return waitForTitle(page);
            }));
        }
        assertEquals(1, site.requests("/ws"));
    }

    @Test
    void throughTheSiteMirrorAPageStillCannotReachAnInternalAddress(@TempDir Path fixtures) throws Exception {
        Files.createDirectories(fixtures.resolve("shop.example"));
        Files.writeString(fixtures.resolve("shop.example/product.html"), hostilePage(canary.port()));
        AtomicReference<String> seen = new AtomicReference<>();
        try (SiteMirror mirror = SiteMirror.start(fixtures, 0);
                BrowserPool pool = BrowserPool.create(
                        "test", new TestBrowsers.CountingContext(mirror.url()), TestBrowsers.settings(Set.of()))) {
            ScanException failure = assertThrows(
                    ScanException.class,
                    () -> pool.withPage(page -> {
                        page.navigate("https://shop.example/product.html");
                        seen.set(waitForTitle(page));
                        return seen.get();
                    }));

            assertForbidden(failure);
            assertEquals(1, mirror.requestCount("shop.example/product.html"));
            assertEquals(1, mirror.requestCount("127.0.0.1/fetch"), "routed requests are answered by the mirror");
        }
        assertEquals(0, canary.connections(), "a request of the page reached the canary");
        assertEquals(0, canary.datagrams(), "WebRTC reached the canary");
    }

    private BrowserPool directPool() {
        // the site is on loopback: allow it as a mirror would be, without routing anything to it
        return new BrowserPool(
                "test",
                TestBrowsers.settings(Set.of()),
                Optional.empty(),
                EgressPolicy.forSiteMirror(Optional.of(URI.create(site.url("/")))),
                () -> {});
    }

    private void assertForbidden(ScanException failure) {
        assertEquals(FailureKind.FORBIDDEN_DESTINATION, failure.kind(), failure.getMessage());
        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().contains("127.0.0.1:" + canary.port()), failure.getMessage());
        assertTrue(failure.getMessage().contains("rule loopback"), failure.getMessage());
    }

    private static String waitForTitle(Page page) {
        page.waitForFunction(
                "() => document.title.startsWith('done:')", null, new Page.WaitForFunctionOptions().setTimeout(15_000));
        return page.title();
    }

    /** Every way a page has to reach the canary; the title ends "done:" and says how each attempt went. */
    private static String hostilePage(int port) {
        return """
                <!doctype html><html><head><title>loading</title>
                <link rel="preconnect" href="http://127.0.0.1:PORT">
                <link rel="stylesheet" href="http://127.0.0.1:PORT/style.css">
                </head><body>
                <img src="http://127.0.0.1:PORT/pixel.png">
                <iframe src="http://127.0.0.1:PORT/frame"></iframe>
                <script>
                const settle = promise => promise.then(() => 'reached', () => 'failed');
                const socket = url => new Promise(resolve => {
                  try {
                    const ws = new WebSocket(url);
                    ws.onopen = () => resolve('reached');
                    ws.onerror = () => resolve('failed');
                    setTimeout(() => resolve('no answer'), 5000);
                  } catch (e) { resolve('refused'); }
                });
                const webrtc = async (scope) => {
                  try {
                    const pc = new scope.RTCPeerConnection({iceServers: [{urls: 'stun:127.0.0.1:PORT'},
                      {urls: 'turn:127.0.0.1:PORT?transport=tcp', username: 'u', credential: 'c'}]});
                    pc.createDataChannel('probe');
                    await pc.setLocalDescription(await pc.createOffer());
                    await new Promise(resolve => setTimeout(resolve, 2000));
                    pc.close();
                    return 'tried';
                  } catch (e) { return 'refused'; }
                };
                (async () => {
                  navigator.sendBeacon('http://127.0.0.1:PORT/beacon', 'x');
                  const results = await Promise.all([
                    settle(fetch('http://127.0.0.1:PORT/fetch')),
                    settle(fetch('http://localhost:PORT/by-name')),
                    settle(fetch('http://[::ffff:127.0.0.1]:PORT/mapped')),
                    settle(new Promise((resolve, reject) => {
                      const xhr = new XMLHttpRequest();
                      xhr.open('GET', 'http://127.0.0.1:PORT/xhr');
                      xhr.onload = resolve; xhr.onerror = reject; xhr.send();
                    })),
                    socket('ws://127.0.0.1:PORT/ws'),
                    socket('wss://127.0.0.1:PORT/wss'),
                    webrtc(window),
                    webrtc(document.body.appendChild(document.createElement('iframe')).contentWindow)]);
                  document.title = 'done:' + results.join(',');
                })();
                </script></body></html>""".replace("PORT", Integer.toString(port));
    }
}
