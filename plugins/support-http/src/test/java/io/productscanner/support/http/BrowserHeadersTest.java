package io.productscanner.support.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.plugin.testkit.LoopbackServer;
import io.productscanner.plugin.testkit.LoopbackServer.Reply;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

class BrowserHeadersTest {
    @Test
    void sendsDesktopChromeHeadersByDefault() throws Exception {
        LoopbackServer.Request seen = sendThroughMirror(
                HttpSettings.builder().pacing(Duration.ZERO).build(),
                new Request.Builder().url("https://www.example.com/api").build());

        assertTrue(seen.header("User-Agent").contains("Chrome/"), seen.header("User-Agent"));
        assertTrue(seen.header("User-Agent").contains("Windows NT 10.0"), seen.header("User-Agent"));
        assertTrue(seen.header("Accept-Language").startsWith("ko-KR"), seen.header("Accept-Language"));
        assertEquals("application/json, text/plain, */*", seen.header("Accept"));
    }

    @Test
    void aRequestsOwnHeadersWin() throws Exception {
        LoopbackServer.Request seen = sendThroughMirror(
                HttpSettings.builder().pacing(Duration.ZERO).build(),
                new Request.Builder()
                        .url("https://www.example.com/page")
                        .header("Accept", "text/html")
                        .header("User-Agent", "Mozilla/5.0 (iPhone)")
                        .build());

        assertEquals("text/html", seen.header("Accept"));
        assertEquals("Mozilla/5.0 (iPhone)", seen.header("User-Agent"));
        assertTrue(seen.header("Accept-Language").startsWith("ko-KR"));
    }

    @Test
    void pluginHeadersAreAddedOrReplaceTheDefaults() throws Exception {
        HttpSettings settings = HttpSettings.builder()
                .pacing(Duration.ZERO)
                .header("Referer", "https://www.example.com/")
                .header("accept", "application/json")
                .build();

        LoopbackServer.Request seen = sendThroughMirror(
                settings, new Request.Builder().url("https://api.example.com/x").build());

        assertEquals("https://www.example.com/", seen.header("Referer"));
        assertEquals("application/json", seen.header("Accept"));
    }

    private static LoopbackServer.Request sendThroughMirror(HttpSettings settings, Request request) throws Exception {
        try (LoopbackServer mirror = LoopbackServer.start().enqueue(Reply.of(200, "{}"))) {
            OkHttpClient client = HttpClients.create(TestContexts.withMirror(mirror.url()), settings);
            HttpCalls.fetchText(client, request);
            return mirror.requests().getFirst();
        }
    }
}
