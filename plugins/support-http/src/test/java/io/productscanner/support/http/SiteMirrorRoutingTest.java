package io.productscanner.support.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.productscanner.mirror.SiteMirror;
import io.productscanner.plugin.testkit.LoopbackServer;
import io.productscanner.plugin.testkit.LoopbackServer.Reply;
import io.productscanner.support.core.egress.EgressPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteMirrorRoutingTest {
    private static final HttpSettings NO_PACING =
            HttpSettings.builder().pacing(Duration.ZERO).build();

    @Test
    void rewritesHostPathAndQueryOntoTheMirror() throws Exception {
        try (LoopbackServer mirror = LoopbackServer.start().enqueue(Reply.of(200, "{}"))) {
            OkHttpClient client = HttpClients.create(TestContexts.withMirror(mirror.url()), NO_PACING);

            TextResponse response =
                    HttpCalls.fetchText(client, get("https://goods.example.co.kr/api/v1/items/42?lang=ko&q=%ED%95%9C"));

            assertEquals(200, response.status());
            assertEquals(
                    "https://goods.example.co.kr/api/v1/items/42?lang=ko&q=%ED%95%9C",
                    response.url().toString());
            LoopbackServer.Request seen = mirror.requests().getFirst();
            assertEquals("GET", seen.method());
            assertEquals("/goods.example.co.kr/api/v1/items/42?lang=ko&q=%ED%95%9C", seen.target());
        }
    }

    @Test
    void keepsMethodHeadersAndBody() throws Exception {
        try (LoopbackServer mirror = LoopbackServer.start().enqueue(Reply.of(200, "{}"))) {
            OkHttpClient client = HttpClients.create(TestContexts.withMirror(mirror.url()), NO_PACING);
            String query = "{\"operationName\":\"Detail\",\"variables\":{\"id\":\"7\"}}";

            HttpCalls.fetchText(
                    client,
                    new Request.Builder()
                            .url("https://api.example.com/graphql")
                            .header("X-Client", "scanner-test")
                            .post(RequestBody.create(query, MediaType.get("application/json")))
                            .build());

            LoopbackServer.Request seen = mirror.requests().getFirst();
            assertEquals("POST", seen.method());
            assertEquals("/api.example.com/graphql", seen.target());
            assertEquals("scanner-test", seen.header("X-Client"));
            assertEquals("application/json; charset=utf-8", seen.header("Content-Type"));
            assertEquals(query, seen.body());
        }
    }

    @Test
    void aMirrorWithAPathPrefixKeepsIt() throws Exception {
        try (LoopbackServer mirror = LoopbackServer.start().enqueue(Reply.of(200, "{}"))) {
            OkHttpClient client =
                    HttpClients.create(TestContexts.withMirror(mirror.url().resolve("/recorded/")), NO_PACING);

            HttpCalls.fetchText(client, get("http://www.example.com/a/b"));

            assertEquals(
                    "/recorded/www.example.com/a/b",
                    mirror.requests().getFirst().target());
        }
    }

    @Test
    void theSiteMirrorAnswersFromItsFixtures(@TempDir Path fixtures) throws Exception {
        Path host = Files.createDirectories(fixtures.resolve("shop.example.com"));
        Files.writeString(host.resolve("item-7.json"), "{\"name\":\"티셔츠\"}");
        Files.writeString(host.resolve("routes.json"), """
                [{"method": "GET", "path": "/api/item", "query": "id=7", "status": 200, "file": "item-7.json"}]
                """);
        try (SiteMirror mirror = SiteMirror.start(fixtures, 0)) {
            OkHttpClient client = HttpClients.create(TestContexts.withMirror(mirror.url()), NO_PACING);

            TextResponse recorded = HttpCalls.fetchText(client, get("https://shop.example.com/api/item?id=7"));
            TextResponse otherQuery = HttpCalls.fetchText(client, get("https://shop.example.com/api/item?id=8"));

            assertEquals(200, recorded.status());
            assertEquals("{\"name\":\"티셔츠\"}", recorded.body());
            assertEquals(404, otherQuery.status(), "the route matches on the query, so the query reached the mirror");
            assertEquals(2, mirror.requestCount("shop.example.com/api/item"));
        }
    }

    @Test
    void followsRedirectsThroughTheMirror() throws Exception {
        try (LoopbackServer mirror = LoopbackServer.start()
                .enqueue(
                        Reply.of(302, "").withHeader("Location", "https://cdn.example.com/moved?x=1"),
                        Reply.of(301, "").withHeader("Location", "/final"),
                        Reply.of(200, "here"))) {
            OkHttpClient client = HttpClients.create(TestContexts.withMirror(mirror.url()), NO_PACING);

            TextResponse response = HttpCalls.fetchText(client, get("https://www.example.com/start"));

            assertEquals("here", response.body());
            assertEquals(
                    List.of("/www.example.com/start", "/cdn.example.com/moved?x=1", "/cdn.example.com/final"),
                    mirror.requests().stream()
                            .map(LoopbackServer.Request::target)
                            .toList());
        }
    }

    @Test
    void aSeeOtherRedirectTurnsAPostIntoAGet() throws Exception {
        try (LoopbackServer mirror = LoopbackServer.start()
                .enqueue(Reply.of(303, "").withHeader("Location", "/result"), Reply.of(200, "done"))) {
            OkHttpClient client = HttpClients.create(TestContexts.withMirror(mirror.url()), NO_PACING);

            HttpCalls.fetchText(
                    client,
                    new Request.Builder()
                            .url("https://www.example.com/form")
                            .post(RequestBody.create("a=1", MediaType.get("application/x-www-form-urlencoded")))
                            .build());

            LoopbackServer.Request followUp = mirror.requests().get(1);
            assertEquals("GET", followUp.method());
            assertEquals("/www.example.com/result", followUp.target());
            assertEquals("", followUp.body());
        }
    }

    @Test
    void withoutAMirrorRequestsGoToTheirOwnHost() throws Exception {
        try (LoopbackServer site = LoopbackServer.start().enqueue(Reply.of(200, "direct"))) {
            // the site is on loopback, which only a mirror may be: let the policy allow it, without rewriting URLs
            OkHttpClient client = HttpClients.create(
                    NO_PACING, Optional.empty(), EgressPolicy.forSiteMirror(Optional.of(site.url())));

            TextResponse response = HttpCalls.fetchText(client, get(site.url() + "/direct?x=1"));

            assertEquals("direct", response.body());
            assertEquals("/direct?x=1", site.requests().getFirst().target());
        }
    }

    private static Request get(String url) {
        return new Request.Builder().url(url).build();
    }
}
