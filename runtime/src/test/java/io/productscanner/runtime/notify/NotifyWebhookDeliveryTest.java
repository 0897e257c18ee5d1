package io.productscanner.runtime.notify;

import io.productscanner.runtime.notify.WebhookNotifier.Delivery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals("{\"text\":\"hello\"}", receiver.received().getFirst().body());
    }

    @Test
    void aWebhookUrlWithoutASchemeIsReportedUndeliveredAndTheOtherWebhookStillGetsTheMessage() throws Exception {
        receiver = WebhookReceiver.answering(204);
        WebhookNotifier both = new WebhookNotifier(Optional.of(URI.create("hooks.slack.com/services/T/B/x")),
                Optional.of(receiver.url("/discord")));

        List<Delivery> deliveries = both.send("hello", "job-1");

        assertEquals(2, deliveries.size());
        assertFalse(deliveries.get(0).delivered());
        assertEquals(new Delivery("discord", true, "HTTP 204"), deliveries.get(1));
    }

    @Test
    void aWebhookAnsweringAnErrorIsReportedUndelivered() throws Exception {
        receiver = WebhookReceiver.answering(500);
        WebhookNotifier both = new WebhookNotifier(Optional.of(receiver.url("/slack")),
                Optional.of(receiver.url("/discord")));

        assertEquals(List.of(new Delivery("slack", false, "HTTP 500"), new Delivery("discord", false, "HTTP 500")),
                both.send("hello", "job-1"));
    }

    @Test
    void aWebhookNobodyListensOnIsReportedUndeliveredWithTheCause() throws Exception {
        WebhookNotifier slackOnly = new WebhookNotifier(Optional.of(WebhookReceiver.closedPort("/slack")),
                Optional.empty());

        List<Delivery> deliveries = slackOnly.send("hello", "job-1");

        assertEquals(1, deliveries.size());
        assertEquals("slack", deliveries.getFirst().channel());
        assertFalse(deliveries.getFirst().delivered());
        assertTrue(deliveries.getFirst().detail().contains("ConnectException"), deliveries.getFirst().detail());
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
        assertEquals("b".repeat(1999) + "…", requests.get(1).json().path("content").asText());
    }
}
