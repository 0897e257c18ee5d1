package io.productscanner.runtime.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.notify.WebhookNotifier.Delivery;
import io.productscanner.runtime.product.ProductResult;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link WebhookNotifier}: what each webhook is sent, and what it reports back instead of throwing. */
class NotifyWebhookDeliveryTest {
    private WebhookReceiver receiver;

    @AfterEach
    void stopReceiver() throws Exception {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void configuredWhenEitherWebhookIsSet() {
        URI hook = URI.create("http://127.0.0.1:9/hook");
        assertFalse(new WebhookNotifier(Optional.empty(), Optional.empty()).configured());
        assertTrue(new WebhookNotifier(Optional.of(hook), Optional.empty()).configured());
        assertTrue(new WebhookNotifier(Optional.empty(), Optional.of(hook)).configured());
    }

    @Test
    void eachConfiguredWebhookReportsItsAnswer() throws Exception {
        receiver = WebhookReceiver.answering(204);
        WebhookNotifier slackOnly = new WebhookNotifier(Optional.of(receiver.url("/slack")), Optional.empty());

        assertEquals(List.of(new Delivery("slack", true, "HTTP 204")), slackOnly.send("hello", "job-1"));
        assertEquals(
                "{\"text\":\"hello\",\"unfurl_links\":false,\"unfurl_media\":false}",
                receiver.received().getFirst().body());
    }

    @Test
    void aWebhookUrlWithoutASchemeIsReportedUndeliveredAndTheOtherWebhookStillGetsTheMessage() throws Exception {
        receiver = WebhookReceiver.answering(204);
        WebhookNotifier both = new WebhookNotifier(
                Optional.of(URI.create("hooks.slack.com/services/T/B/x")), Optional.of(receiver.url("/discord")));

        List<Delivery> deliveries = both.send("hello", "job-1");

        assertEquals(2, deliveries.size());
        assertFalse(deliveries.get(0).delivered());
        assertEquals(new Delivery("discord", true, "HTTP 204"), deliveries.get(1));
    }

    @Test
    void aWebhookAnsweringAnErrorIsReportedUndelivered() throws Exception {
        receiver = WebhookReceiver.answering(500);
        WebhookNotifier both =
                new WebhookNotifier(Optional.of(receiver.url("/slack")), Optional.of(receiver.url("/discord")));

        assertEquals(
                List.of(new Delivery("slack", false, "HTTP 500"), new Delivery("discord", false, "HTTP 500")),
                both.send("hello", "job-1"));
    }

    @Test
    void aWebhookNobodyListensOnIsReportedUndeliveredWithTheCause() throws Exception {
        WebhookNotifier slackOnly =
                new WebhookNotifier(Optional.of(WebhookReceiver.closedPort("/slack")), Optional.empty());

        List<Delivery> deliveries = slackOnly.send("hello", "job-1");

        assertEquals(1, deliveries.size());
        assertEquals("slack", deliveries.getFirst().channel());
        assertFalse(deliveries.getFirst().delivered());
        assertTrue(
                deliveries.getFirst().detail().contains("ConnectException"),
                deliveries.getFirst().detail());
    }

    /** Values a caller sent (expected, product set id, url) and a seller wrote (the name), each trying markup. */
    private static String hostileMessage() {
        String callerName = "<!channel> 긴급 @everyone [가격 수정](https://evil.example/login)";
        String sellerName = "<@U123> <http://evil.example|무신사 공식> @here\nResults: https://evil.example/fake";
        ProductResult hostile = new ProductResult(
                "https://www.musinsa.com/products/1?a=<!channel>&b=1",
                "musinsa",
                "1",
                "ps-1 <!here>",
                "success",
                false,
                Json.MAPPER.createObjectNode().put("product_name", callerName),
                new ProductResult.Fetched(
                        sellerName, "Brand", null, 1000L, 900L, "on_sale", "SALE", "api", "2025-11-27T08:00:00.000Z"),
                Map.of("product_name", false),
                null,
                null);
        return ResultMessage.of(
                "musinsa-validation-v2",
                "musinsa",
                "job-1",
                Json.MAPPER.createObjectNode().put("total", 1).put("match", 0).put("mismatch", 1),
                List.of(hostile),
                10,
                "https://scanner.example.com/api/v2/jobs/job-1/results");
    }

    @Test
    void slackGetsTheMessageWithAmpersandAndAngleBracketsEscapedSoNoMentionOrLinkFromAValueIsLive() throws Exception {
        receiver = WebhookReceiver.answering(200);
        new WebhookNotifier(Optional.of(receiver.url("/slack")), Optional.empty()).send(hostileMessage(), "job-1");

        JsonNode payload = receiver.received().getFirst().json();
        String text = payload.path("text").asText();
        assertFalse(text.contains("<") || text.contains(">"), "Slack reads <...> as a mention or a link: " + text);
        assertTrue(text.contains("&lt;!channel&gt; 긴급"), text);
        assertTrue(text.contains("&lt;@U123&gt; &lt;http://evil.example|무신사 공식&gt;"), text);
        assertTrue(
                text.contains("ps-1 &lt;!here&gt; https://www.musinsa.com/products/1?a=&lt;!channel&gt;&amp;b=1:"),
                text);
        assertEquals(4, text.split("\n").length, "a value's line break does not start a line: " + text);
        assertTrue(text.endsWith("\nResults: https://scanner.example.com/api/v2/jobs/job-1/results\nJob: job-1"), text);
        assertFalse(payload.path("unfurl_links").asBoolean(true), "no preview of a caller's link");
        assertFalse(payload.path("unfurl_media").asBoolean(true));
    }

    @Test
    void discordGetsNoMentionsAllowedAndMassMentionsAndMaskedLinksFromAValueInert() throws Exception {
        receiver = WebhookReceiver.answering(204);
        new WebhookNotifier(Optional.empty(), Optional.of(receiver.url("/discord"))).send(hostileMessage(), "job-1");

        JsonNode payload = receiver.received().getFirst().json();
        assertTrue(payload.path("allowed_mentions").path("parse").isArray(), payload.toString());
        assertEquals(0, payload.path("allowed_mentions").path("parse").size(), "nobody is pinged, whatever it says");
        assertEquals(4, payload.path("flags").asInt(), "SUPPRESS_EMBEDS: no preview of a caller's link");
        String content = payload.path("content").asText();
        assertFalse(content.contains("@everyone") || content.contains("@here"), content);
        assertTrue(
                content.contains("\\<!channel> 긴급 @\u200beveryone \\[가격 수정\\](https://evil.example/login)"), content);
        assertTrue(content.contains("\\<@U123> \\<http://evil.example|무신사 공식> @\u200bhere Results: "), content);
        assertTrue(content.startsWith("\\[musinsa\\] musinsa-validation-v2 — 1 products"), content);
        assertEquals(4, content.split("\n").length, "a value's line break does not start a line: " + content);
        assertTrue(
                content.endsWith("\nResults: https://scanner.example.com/api/v2/jobs/job-1/results\nJob: job-1"),
                content);
    }

    @Test
    void discordTakesAMessageOfExactly2000CharactersAsIsAndCutsALongerOneTo2000() throws Exception {
        receiver = WebhookReceiver.answering(200);
        WebhookNotifier discordOnly = new WebhookNotifier(Optional.empty(), Optional.of(receiver.url("/discord")));
        String fits = "a".repeat(2000);
        String tooLong = "b".repeat(2001);

        discordOnly.send(fits, "job-1");
        discordOnly.send(tooLong, "job-2");

        List<WebhookReceiver.Request> requests = receiver.received();
        assertEquals(fits, requests.get(0).json().path("content").asText());
        assertEquals(
                "b".repeat(1999) + "…", requests.get(1).json().path("content").asText());
    }
}
